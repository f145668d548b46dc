"""
The admin's pages for CORDIS imports: the form that queues one, and the page that follows it.

The same pages serve both imports: of projects and organisations, and of the results of projects.
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
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from projects.cordis import ImportReport, ImportRunning, import_lock, import_running
from projects.cordis_results import ResultsReport
from projects.models import CordisImport, CordisResult, Project
from projects.tasks import import_from_cordis

# Each kind of import: its report, and the form that starts another.
REPORTS = {CordisImport.Imports.PROJECTS: ImportReport, CordisImport.Imports.RESULTS: ResultsReport}
IMPORT_FORMS = {CordisImport.Imports.PROJECTS: "admin:projects_import_cordis",
                CordisImport.Imports.RESULTS: "admin:projects_import_cordis_results"}
IMPORTING_MODELS = {CordisImport.Imports.PROJECTS: Project, CordisImport.Imports.RESULTS: CordisResult}
# A queued import not started after this long suggests that no worker is running.
WAITING_LONG = 60  # seconds


def import_form(model_admin, request, form_class, template, title):
    """Upload the files of ``form_class`` and queue their import; then follow it on its own page."""
    if not model_admin.can_import(request):
        raise PermissionDenied
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    if request.method == "POST" and form.is_valid():
        job, under_way = queue_unless_under_way(form.job(), request.user)
        if job is not None:
            import_from_cordis.enqueue(job.pk)
            messages.info(
                request, _("The import is queued. This page shows how it goes; you may leave it and come back."))
            return redirect("admin:projects_cordisimport_change", job.pk)
        form.add_error(None, under_way)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        # Said before the editor chooses the files, which may take minutes to upload.
        "under_way": None if form.is_bound else import_under_way(lock_is_held=import_running()),
        "recent": CordisImport.objects.filter(imports=form.imports).select_related("requested_by")[:5],
    }
    return TemplateResponse(request, template, context)


def run_for_real(model_admin, request, object_id):
    """Queue the import of a dry run's files, which the dry run kept, as the editor saw them reported."""
    dry_run = the_job(model_admin, request, object_id)
    importing_admin = model_admin.admin_site.get_model_admin(IMPORTING_MODELS[dry_run.imports])
    if request.method != "POST" or not importing_admin.can_import(request):
        raise PermissionDenied
    if not dry_run.may_run_for_real():
        messages.error(request, _("These files are no longer kept: choose them again to import them."))
        return redirect(IMPORT_FORMS[dry_run.imports])
    job, under_way = queue_unless_under_way(dry_run, request.user, for_real=True)
    if job is None:
        messages.error(request, under_way)
        return redirect("admin:projects_cordisimport_change", dry_run.pk)
    import_from_cordis.enqueue(job.pk)
    messages.info(request, _("The import is queued. This page shows how it goes; you may leave it and come back."))
    return redirect("admin:projects_cordisimport_change", job.pk)


def queue_unless_under_way(job, user, for_real=False):
    """(``job`` saved, as queued by ``user``, None), or (None, why not): only one import at a time, whatever it imports.

    ``for_real``: ``job`` is a dry run, and what is queued is the import of its files.

    The check and the queueing hold the import lock, so two editors pressing Import at once cannot
    both find nothing under way. The lock also says when an import started from the command line
    runs, of which the imports' table knows nothing.
    """
    try:
        with import_lock():
            under_way = import_under_way(lock_is_held=False)  # by another: this request holds it
            if under_way is not None:
                return None, under_way
            if for_real:  # ``job`` is the dry run whose files are now imported
                job = job.for_real()
            # The files of earlier dry runs, which nobody imported, are let go: one import's files are kept at most.
            kept = CordisImport.objects.filter(dry_run=True, status=CordisImport.Status.DONE).exclude(
                **{f"{kind}_file": "" for kinds in CordisImport.FILES.values() for kind in kinds})
            for earlier in kept:
                earlier.discard_files()
            job.requested_by, job.language = user, get_language()
            job.save()
            return job, None
    except ImportRunning:
        return None, import_under_way(lock_is_held=True)


def import_under_way(lock_is_held):
    """Why no import can start now, naming the one queued or running (who, when, its page); None when one can.

    ``lock_is_held``: whether another process holds the import lock, perhaps an import started from the command line.
    """
    for job in CordisImport.objects.filter(status=CordisImport.Status.RUNNING):
        job.give_up_if_stalled()  # a worker that died runs nothing any more
    job = CordisImport.objects.unfinished().select_related("requested_by").order_by("created", "pk").first()
    if job is None:
        if not lock_is_held:
            return None
        return _("Another import is under way, started from the command line or queued a moment ago. "
                 "Only one import runs at a time: start this one when it has finished.")
    if job.requested_by is None:
        text = _("Another import is under way: %(import)s (%(status)s). "
                 "Only one import runs at a time: start this one when it has finished.")
    else:
        text = _("Another import is under way: %(import)s, requested by %(user)s (%(status)s). "
                 "Only one import runs at a time: start this one when it has finished.")
    link = format_html('<a href="{}">{}</a>', reverse("admin:projects_cordisimport_change", args=[job.pk]), job)
    # The translated text is escaped, then given the link, which format_html escaped already.
    return mark_safe(conditional_escape(text) % {
        "import": link, "user": conditional_escape(job.requested_by),
        "status": conditional_escape(job.get_status_display().lower()),
    })


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
        "report": REPORTS[job.imports].from_json(job.report) if job.report else None,
        "import_url": reverse(IMPORT_FORMS[job.imports]),
        "may_run_for_real": job.may_run_for_real()
        and model_admin.admin_site.get_model_admin(IMPORTING_MODELS[job.imports]).can_import(request),
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
    if not progress["total"]:  # nothing to count yet, waiting for another import say: the step says it all
        return progress["step"]
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
