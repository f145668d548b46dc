from django import template

from contact.models import published_contact_point

register = template.Library()


@register.simple_tag(takes_context=True)
def contact_point(context, organisation=None):
    """The published contact point of ``organisation`` (the featured organisation when not given), or None.

    At most one query a page: the featured organisation of the context (one object for the whole page)
    keeps the answer for the structured data, the footer and its own profile alike. A page served from
    the page cache is not rendered, and asks nothing.
    """
    featured = context.get("featured_organisation")
    if organisation is None or (featured and getattr(organisation, "pk", None) == featured.pk):
        organisation = featured
    return published_contact_point(organisation)
