"""
What a PDF holds beyond its pages that would act on the computer of whoever opens it, read with pypdf.

A browser never runs a document the site serves (``serving``), but a PDF reader may: a PDF can carry
JavaScript, run when it opens or when a link or a page is reached; launch a program; open or import
another file; carry files of any kind inside it; or hold an XFA form, whose scripts some readers run.
A municipality's report needs none of these, so ``acts()`` finds them, wherever PDF puts them: in the
document's name tree, its opening action, its own, its pages' and its annotations' additional actions,
the actions of links and form fields, and each action's chain of next ones.

Objects are read as pypdf finds them, through their compressed object streams too, where a search of
the file's bytes would not see them.
"""

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

# Actions that run something, open or submit files, or play content with its own scripts.
ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/GoToE", "/Rendition"}
# Annotations that are files, or media players.
ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
# Past this many actions in one chain the file is built to exhaust whoever reads it.
CHAIN_LIMIT = 100


class Unreadable(Exception):
    """The PDF cannot be read far enough to tell what it holds."""


def resolve(value):
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def acting(action, seen=0):
    """Whether ``action`` (an action dictionary, or an array of them) or any action after it acts."""
    action = resolve(action)
    if isinstance(action, ArrayObject):
        return any(acting(item, seen) for item in action)
    if not isinstance(action, DictionaryObject):
        return False
    if seen > CHAIN_LIMIT:
        raise Unreadable
    if action.get("/S") in ACTIONS or "/JS" in action:
        return True
    return acting(action.get("/Next"), seen + 1)


def additional_actions(holder):
    """Whether the additional actions (/AA: on open, on close, on a key, …) of ``holder`` act."""
    triggers = resolve(resolve(holder).get("/AA"))
    return isinstance(triggers, DictionaryObject) and any(acting(action) for action in triggers.values())


def annotations_act(page):
    for annotation in resolve(page.get("/Annots")) or []:
        annotation = resolve(annotation)
        if not isinstance(annotation, DictionaryObject):
            continue
        if annotation.get("/Subtype") in ANNOTATIONS or acting(annotation.get("/A")) or additional_actions(annotation):
            return True
    return False


def acts(file):
    """Whether the PDF in ``file`` (an open binary file) holds anything that acts, as above.

    Raise ``Unreadable`` when pypdf cannot read it, ``PermissionError`` when it opens only with a password.
    """
    try:
        reader = PdfReader(file)
        if reader.is_encrypted and not reader.decrypt(""):  # an owner's password alone still lets anyone read it
            raise PermissionError
        catalog = reader.trailer["/Root"].get_object()
        names = resolve(catalog.get("/Names"))
        if isinstance(names, DictionaryObject) and ("/JavaScript" in names or "/EmbeddedFiles" in names):
            return True
        form = resolve(catalog.get("/AcroForm"))
        if isinstance(form, DictionaryObject) and "/XFA" in form:
            return True
        if acting(catalog.get("/OpenAction")) or additional_actions(catalog):
            return True
        return any(additional_actions(page) or annotations_act(page) for page in reader.pages)
    except PermissionError:
        raise
    except Exception as error:  # pypdf's errors on a damaged file are of many kinds, and all say the same here
        raise Unreadable from error
