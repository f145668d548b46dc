"""
The admin's pages for CORDIS imports: the form that queues one, and the page that follows it.

The import itself runs in a task worker (``projects/tasks.py``): a full programme takes longer
than any web server waits for an answer. The form stores the files, queues the import and
leads to its page, which shows how far the worker got and, when it ends, its report; an
editor may leave it and come back.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from projects.cordis import ImportReport
from projects.forms import CordisImportForm
from projects.models import CordisImport
from projects.tasks import import_from_cordis

# A queued import not started after this long suggests that no worker is running.
WAITING_LONG = 60  # seconds


def import_form(model_admin, request):
    """Upload a CORDIS export's two files and queue their import; then follow it on its own page."""
    if not model_admin.can_import(request):
        raise PermissionDenied
    form = CordisImportForm(request.POST, request.FILES) if request.method == "POST" else CordisImportForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = CordisImport.objects.create(
            projects_file=data["projects_file"], organisations_file=data["organisations_file"],
            projects_file_name=data["projects_file"].name, organisations_file_name=data["organisations_file"].name,
            only_organisation=data["only_organisation"], publish_all=data["publish_all"], dry_run=data["dry_run"],
            requested_by=request.user, language=get_language(),
        )
        import_from_cordis.enqueue(job.pk)
        messages.info(request, _("The import is queued. This page shows how it goes; you may leave it and come back."))
        return redirect("admin:projects_cordisimport_change", job.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import from CORDIS"),
        "form": form,
        "recent": CordisImport.objects.select_related("requested_by")[:5],
    }
    return TemplateResponse(request, "admin/projects/project/import_cordis.html", context)


def job_page(model_admin, request, object_id):
    """An import as it stands: waiting, running (how far), failed (why) or done (its report)."""
    job = the_job(model_admin, request, object_id)
    waited = (timezone.now() - job.created).total_seconds()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": str(job),
        "job": job,
        "progress": job.progress(),
        "progress_text": describe_progress(job),
        "progress_url": reverse("admin:projects_cordisimport_progress", args=[job.pk]),
        "waiting_long": job.status == CordisImport.Status.QUEUED and waited > WAITING_LONG,
        "report": ImportReport.from_json(job.report) if job.report else None,
    }
    return TemplateResponse(request, "admin/projects/cordisimport/job.html", context)


def job_progress(model_admin, request, object_id):
    """The same, as JSON, for the page to follow the import without reloading."""
    job = the_job(model_admin, request, object_id)
    progress = job.progress() or {}
    return JsonResponse({
        "status": job.status, "text": describe_progress(job),
        "done": progress.get("done"), "total": progress.get("total"),
    })


def the_job(model_admin, request, object_id):
    job = model_admin.get_object(request, object_id)
    if job is None or not model_admin.has_view_permission(request, job):
        raise Http404
    job.give_up_if_stalled()
    return job


def describe_progress(job):
    """How far a waiting or running import got, in a sentence."""
    if job.status == CordisImport.Status.QUEUED:
        return _("Waiting for the task worker to start the import…")
    progress = job.progress()
    if job.status != CordisImport.Status.RUNNING:
        return job.get_status_display()
    if not progress:
        return _("Starting…")
    rows = progress.get("rows") or 0
    text = ngettext("%(step)s: %(rows)s row (%(percent)s%%)", "%(step)s: %(rows)s rows (%(percent)s%%)", rows) % {
        "step": progress["step"], "rows": number_format(rows, force_grouping=True), "percent": progress["percent"],
    }
    left = progress["seconds_left"]
    if left is None:
        return text
    if left < 90:
        return _("%(progress)s, about %(time)s left in this step") % {
            "progress": text, "time": ngettext("%(count)s second", "%(count)s seconds", left) % {"count": left},
        }
    minutes = round(left / 60)
    return _("%(progress)s, about %(time)s left in this step") % {
        "progress": text, "time": ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes},
    }
