from django.utils.functional import SimpleLazyObject

from projects.models import Organisation


def featured_organisation(request):
    """The featured organisation, for the header and footer of every page (one query, when used)."""
    return {"featured_organisation": SimpleLazyObject(lambda: Organisation.objects.published().featured().first())}
