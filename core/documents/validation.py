"""What a document editors upload must be: checked by its content, not by its name (filled in below)."""


def validate_document(file):
    """Raise ``ValidationError`` unless ``file`` is a document the site accepts."""
