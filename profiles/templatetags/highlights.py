from django import template

from profiles.models import Highlight

register = template.Library()


@register.simple_tag
def highlights_of(project):
    """``{% highlights_of project as highlights %}``: the published highlights about a project."""
    return Highlight.objects.published().filter(project=project, organisation__is_published=True)
