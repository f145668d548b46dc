from itertools import chain

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from opendata import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, project=None, organisation=None, parent_label=None, parent_url=None, current=None):
    """The page's JSON-LD: the site and the municipality, then what the page is about and its breadcrumbs."""
    request = context["request"]
    absolute = request.build_absolute_uri
    home = reverse("profiles:home")
    nodes = [structured_data.website(context.get("featured_organisation"), absolute, home)]
    if organisation is not None and not organisation.is_featured:
        nodes.append(structured_data.organisation(organisation, absolute))
    if project is not None:
        node = structured_data.research_project(project, project.participations.all(), absolute)
        nodes.append(node)
        nodes += [structured_data.result(result, project, node, absolute) for result in published_results(project)]
    if current:
        trail = [(_("Home"), home), *([(parent_label, parent_url)] if parent_url else []), (current, request.path)]
        nodes.append(structured_data.breadcrumbs(trail, absolute))
    return mark_safe(structured_data.script(structured_data.graph(*nodes)))  # noqa: S308 - escaped by script()


def published_results(project):
    """The project's published results, the office's then CORDIS's: as the project page prefetched them, if it
    did (``projects.views.ProjectDetailView``)."""
    office = getattr(project, "published_results", None)
    if office is None:
        office = project.results.published().newest_first()
    cordis = getattr(project, "published_cordis_results", None)
    if cordis is None:
        cordis = project.cordis_results.published()
    return chain(office, cordis)
