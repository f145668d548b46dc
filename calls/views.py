from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from calls.filters import OpenCallFilter
from calls.models import OpenCall
from core.preview import PreviewMixin
from core.views import ForgivingFilterMixin


class OpenCallListView(ForgivingFilterMixin, FilterView):
    """The calls the city wants to join, soonest deadline first; they leave the list after their deadline day."""

    filterset_class = OpenCallFilter
    template_name = "calls/opencall_list.html"

    def get_queryset(self):
        return OpenCall.objects.open().for_display()


class OpenCallDetailView(PreviewMixin, DetailView):
    """An open call's page. Once its deadline has passed, a page that says the call has closed, answered
    410 Gone and kept out of search engines: the address was shared and may be followed for a while, and
    a visitor should learn what became of the call rather than meet a page that does not exist.

    Editors may preview an unpublished call, open or closed (core/preview.py)."""

    context_object_name = "call"

    def get_queryset(self):
        return self.visible(OpenCall.objects).for_display()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_open:
            context = self.get_context_data(object=self.object, today=timezone.localdate())
            return TemplateResponse(request, "calls/opencall_closed.html", context, status=410)
        return self.render_to_response(self.get_context_data(object=self.object))

