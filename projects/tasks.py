"""
Work that runs in a task worker (``manage.py db_worker``), not in a web request.

A full programme's CORDIS files take a minute and more to import: longer than a web server
or a proxy waits for an answer. The admin queues the import and returns at once; a worker
runs it, tells the admin how far it got (``CordisImport.progress()``) and keeps its report.
"""

import threading
from contextlib import contextmanager

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from projects.cordis import CordisFileError, import_cordis
from projects.models import CordisImport

BEAT_EVERY = 5  # seconds


@contextmanager
def heartbeat(job):
    """Tell the admin every few seconds that the worker is alive, whatever step the import is in."""
    stopped = threading.Event()

    def beat():
        while not stopped.wait(BEAT_EVERY):
            job.beat()

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join()


@task()
def import_from_cordis(import_id):
    """Run the queued CORDIS import ``import_id`` and keep its report, or the problems that stopped it."""
    job = CordisImport.objects.get(pk=import_id)
    if job.status != CordisImport.Status.QUEUED:  # already run, or given up
        return
    with translation.override(job.language):
        job.start()
        try:
            with heartbeat(job), job.projects_file.open("rb") as projects, job.organisations_file.open("rb") as organisations:
                report = import_cordis(
                    projects, organisations, only_organisation=job.only_organisation, dry_run=job.dry_run,
                    publish_all=job.publish_all, progress=job.record_progress,
                    names=(job.projects_file_name, job.organisations_file_name), user=job.requested_by,
                )
        except CordisFileError as error:
            job.fail(error.problems)
        except Exception:
            job.fail([_("The import stopped on an unexpected error, and nothing was imported. "
                        "The error is in the server's log.")])
            raise
        else:
            job.finish(report.as_json())
        finally:
            job.discard_files()
