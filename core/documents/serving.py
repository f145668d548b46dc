"""
Documents handed to browsers so that none of them runs what a document contains.

A stored document is only ever sent by ``DocumentView``: as a download (``attachment``), with the type
of what it was recognised as (``formats``, never a web page's), ``nosniff`` so that the browser keeps to
that type, and a policy that sandboxes it and allows it nothing (``sandbox; default-src 'none'``) should
a browser display it anyway. Only a name that a row which may be shown holds is served: anything else,
a ``..`` among them, is a 404, as is a document of a row the visitor may not see.
"""

from django.contrib.auth import get_permission_codename
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View

from core.documents import formats

SANDBOX = "sandbox; default-src 'none'"


def is_plain(name):
    """A stored name as storages make them: relative, in plain folders, with no way out of the storage."""
    return "\\" not in name and "\x00" not in name and all(part not in ("", ".", "..") for part in name.split("/"))


class DocumentView(View):
    """The document stored as ``name`` in ``field`` of a row of ``queryset`` (the rows anyone may see).

    Staff who may change such rows may also download the documents of the others, to check one before
    it is published (the admin links to them).
    """

    http_method_names = ["get", "head", "options"]
    queryset = None
    field = None

    @classmethod
    def as_view(cls, **initkwargs):
        # Never kept by a browser or a proxy: a document unpublished, or only previewed, is gone at once.
        return never_cache(super().as_view(**initkwargs))

    def rows(self):
        model = self.queryset.model
        codename = get_permission_codename("change", model._meta)
        user = self.request.user
        if user.is_staff and user.has_perm(f"{model._meta.app_label}.{codename}"):
            return model._default_manager.all()
        return self.queryset.all()

    def get(self, request, name):
        row = self.rows().filter(**{self.field: name}).first() if is_plain(name) else None
        if row is None:
            raise Http404(_("No such document."))
        try:
            file = self.queryset.model._meta.get_field(self.field).storage.open(name, "rb")
        except (FileNotFoundError, SuspiciousFileOperation) as error:
            raise Http404(_("No such document.")) from error
        try:
            kind = formats.identify(file)
        except ValidationError:
            # Stored before it was checked (by a script, say): sent, but as bytes to save, not to display.
            kind = formats.Format("bin", "application/octet-stream")
        response = FileResponse(
            file, as_attachment=True, content_type=kind.content_type,
            filename=f"{slugify(str(row))[:80] or 'document'}.{kind.extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        # Set here, so that django-csp's middleware leaves it as it is instead of the pages' policy.
        response["Content-Security-Policy"] = SANDBOX
        return response
