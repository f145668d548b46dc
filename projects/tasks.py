"""
Work that runs in a task worker (``manage.py db_worker``), not in a web request.

A full programme's CORDIS files take a minute and more to import: longer than a web server
or a proxy waits for an answer. The admin queues the import and returns at once; a worker
runs it, tells the admin how far it got (``CordisImport.progress()``) and keeps its report.
"""

import threading
import time
from contextlib import ExitStack, contextmanager

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from projects.cordis import CordisFileError, ImportRunning, import_cordis
from projects.cordis_results import import_cordis_results
from projects.models import CordisImport

BEAT_EVERY = 5  # seconds
# While another import runs (from the command line, or from a second worker), a job tries again this often…
TRY_AGAIN_EVERY = 2  # seconds
# … for this long at most: an import that holds the lock longer has most likely hung, and the editor is told.
WAIT_AT_MOST = 60 * 60  # seconds


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
    """Run the queued CORDIS import ``import_id`` (of projects, or of results) and keep its report, or the problems that stopped it."""
    job = CordisImport.objects.get(pk=import_id)
    if job.status != CordisImport.Status.QUEUED:  # already run, or given up
        return
    with translation.override(job.language):
        job.start()
        try:
            with heartbeat(job), ExitStack() as files:
                opened = {kind: files.enter_context(file.open("rb")) for kind, (file, name) in job.files().items()}
                report = one_after_the_other(job, lambda: run_import(job, opened))
        except CordisFileError as error:
            job.fail(error.problems)
        except ImportRunning:
            job.fail([_("Another import was still running an hour later, so this one never started: nothing was "
                        "imported. Start it again when the other one has finished.")])
        except Exception:
            job.fail([_("The import stopped on an unexpected error, and nothing was imported. "
                        "The error is in the server's log.")])
            raise
        else:
            job.finish(report.as_json())
        finally:
            if not job.may_run_for_real():  # a dry run that went well keeps its files for the import itself
                job.discard_files()


def run_import(job, files):
    """The report of the import ``job`` asks for, of ``files`` ({kind: an open file}) as given to it."""
    names = {kind: name for kind, (file, name) in job.files().items()}
    if job.imports == CordisImport.Imports.RESULTS:
        return import_cordis_results(files, dry_run=job.dry_run, progress=job.record_progress, names=names)
    return import_cordis(
        files["projects"], files["organisations"], only_organisation=job.only_organisation, dry_run=job.dry_run,
        publish_all=job.publish_all, progress=job.record_progress, names=(names["projects"], names["organisations"]),
    )


def one_after_the_other(job, run_import):
    """``run_import()`` once no other import runs: until then the job waits, saying so on its page.

    The admin queues no import while another is queued or running, but one started from the command
    line, or a second worker's, may still hold the lock; ``import_cordis`` is then refused before it
    reads anything, so trying again costs nothing. The heartbeat goes on meanwhile: a worker that
    stops while it waits is reported as stopped, as one that stops while it imports.
    """
    given_up_at = time.monotonic() + WAIT_AT_MOST
    while True:
        try:
            return run_import()
        except ImportRunning:
            if time.monotonic() >= given_up_at:
                raise
            job.record_progress(_("Waiting for another import to finish before this one starts…"), 0, 0)
            time.sleep(TRY_AGAIN_EVERY)
