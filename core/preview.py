"""
Editors' previews: the public page of something not public yet, for those who may see it in the admin.

An editor who follows the admin's “View on site” link to an unpublished project (or organisation, or
call) sees its page as the public will once it is published, under a banner that says it is not public
and links back to the admin, with ``noindex`` (templates/base.html). Nobody else does: anonymous
visitors and staff who may not see such rows in the admin get a 404 as before. A preview is never kept
by anyone's cache (``Cache-Control: private, no-store``), and the page cache never holds a signed-in
visitor's page (core/page_cache.py), so the public cannot be served one.

Only the page's own object is previewed: the lists on it (a project's partners, an organisation's
projects) stay the published rows they are on public pages. Sitemaps, feeds, exports and the API read
``published()`` querysets of their own and know nothing of previews.
"""

from django.contrib.auth import get_permission_codename
from django.urls import reverse
from django.utils.cache import patch_cache_control


class PreviewMixin:
    """For a detail view whose ``get_queryset`` starts from ``self.visible(Model.objects)``.

    Adds ``preview`` to the context when the object shown is not public (its model's ``published()``
    leaves it out): the admin address of the object and whether the editor may change it there.
    """

    preview = None

    def may_preview(self, model):
        """Whether the visitor may see unpublished rows of ``model``: staff who may view or change them in the admin."""
        user = self.request.user
        opts = model._meta
        return user.is_staff and any(
            user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}") for action in ("view", "change")
        )

    def visible(self, manager):
        """The rows of ``manager`` this visitor may open: the published ones, or, for an editor, all of them."""
        return manager.all() if self.may_preview(manager.model) else manager.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        opts = obj._meta
        # Only an editor can have been given an object the public may not see: nobody else pays the query.
        if self.may_preview(type(obj)) and not opts.default_manager.published().filter(pk=obj.pk).exists():
            self.preview = {
                "admin_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
                "may_change": self.request.user.has_perm(
                    f"{opts.app_label}.{get_permission_codename('change', opts)}"
                ),
            }
        context["preview"] = self.preview
        return context

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if self.preview:
            # Neither a browser's back-forward history nor a proxy keeps it: once published or withdrawn, it is gone.
            patch_cache_control(response, private=True, no_store=True)
        return response
