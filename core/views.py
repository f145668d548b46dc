from django.contrib import messages
from django.http import HttpResponseRedirect, HttpResponseServerError, QueryDict
from django.template import loader
from django.utils.translation import gettext as _

from core import logs
from core.content_version import cached


class ForgivingFilterMixin:
    """A filtered, paginated list that never fails on a bad address.

    An invalid filter value is dropped with a message saying so, and the other
    filters still apply; a page number past the end gives the last page, and
    one that is not a number the first. An address with empty parameters (a
    form without JavaScript sends one for every field left blank) is sent on to
    the same list without them: the address a visitor shares names only what
    was chosen.
    """

    paginate_by = 20

    def get(self, request, *args, **kwargs):
        chosen = self.chosen_query()
        if chosen is not None:
            return HttpResponseRedirect(f"{request.path}?{chosen.urlencode()}" if chosen else request.path)
        return super().get(request, *args, **kwargs)

    def chosen_query(self):
        """The query string without its empty parameters (blank or spaces), or None when it has none.

        The others keep every value, in the order their names first come; ``page`` too, unless it is the first.
        """
        query = self.request.GET
        if all(value.strip() for _name, values in query.lists() for value in values):
            return None
        chosen = QueryDict(mutable=True)
        for name, values in query.lists():
            values = [value for value in values if value.strip()]
            if values and not (name == self.page_kwarg and values == ["1"]):
                chosen.setlist(name, values)
        return chosen

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, even to an empty query, so the form is always cleaned.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get_filterset(self, filterset_class):
        filterset, dropped = self.valid_filterset(filterset_class)
        for label, reason in dropped:
            messages.warning(
                self.request, _("The filter “%(label)s” was ignored: %(reason)s") % {"label": label, "reason": reason},
            )
        return filterset

    def valid_filterset(self, filterset_class):
        """The filterset with every invalid value dropped, and [(label, reason)] for each one dropped."""
        filterset = super().get_filterset(filterset_class)
        if filterset.is_valid():
            return filterset, []
        data, dropped = filterset.data.copy(), []
        for name, errors in filterset.errors.items():
            label = filterset.form.fields[name].label if name in filterset.form.fields else name
            dropped.append((label, " ".join(errors)))
            data.pop(name, None)
        filterset = filterset_class(**{**self.get_filterset_kwargs(filterset_class), "data": data})
        filterset.is_valid()
        return filterset, dropped

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        # The total is as costly as the counts beside the options, and cached with them.
        parts = self.filterset.cache_parts()
        paginator.count = cached("list-count", parts, self.filterset.queryset_without().count)
        requested = self.request.GET.get(self.page_kwarg)
        page = paginator.get_page(requested)
        # Which rows make the page is cached too (a text search scans every objective), then read by key.
        start = (page.number - 1) * page_size
        ordering = tuple(self.filterset.form.cleaned_data.get("ordering") or ())
        ids = cached("list-page", (parts, ordering, page.number),
                     lambda: list(queryset.values_list("pk", flat=True)[start:start + page_size]))
        rows = queryset.order_by().in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids if pk in rows]
        if requested not in (None, "", str(page.number)):
            messages.info(
                self.request,
                _("There is no page “%(requested)s”; showing page %(number)s of %(total)s.")
                % {"requested": requested, "number": page.number, "total": paginator.num_pages},
            )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context["export_query"] = f"?{query.urlencode()}" if query else ""
        # An unticked box is False, and a minimum of 0 no minimum: neither is a filter the visitor chose.
        context["active_filters"] = sum(
            1 for name, value in self.filterset.form.cleaned_data.items()
            if name != "ordering" and value not in (None, "", [], False, 0)
        )
        context["is_filtered"] = bool(context["active_filters"])
        return context


def server_error(request):
    """The 500 page, as Django's own view renders it (with neither the request nor the database: they may be
    what failed), given only the id of the failed request, for the visitor to quote and the log to find.

    The id is the one the request is being served and logged under (core.middleware), read from where the
    log reads it, not from the request; outside the middleware there is none, and the page shows none.
    """
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": logs.request_id.get()}))
