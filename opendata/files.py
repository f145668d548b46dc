"""
Downloads written once per content version, then served as files.

An export (a list's CSV or JSON, in one language, with one set of filters) is the same for every
visitor until the content changes, or the day does (a project's status depends on the date). The
first request for it writes its file while sending it, so that visitor gets the first bytes at once
and the rows are read from the database once; every later request is answered from the file, with
its length, sent by the kernel (``FileResponse``). A request that comes while the file is being
written follows the writer: it sends what is written so far and waits for the rest, reading nothing
from the database.

One writer per file, across the threads and processes of a machine: a writer holds an exclusive
``flock`` on the partial file (``<name>.part``) while it writes, and renames it to the final name
(``os.replace``) only once it is complete, so a file under its final name is always whole. A lock
dies with its process, so a writer that was killed blocks no one; its partial file is started afresh.

When the rows cannot be read to the end (the database gone, a statement cancelled), the partial file
is removed and the error raised: the response then ends without its last chunk, so the visitor's
download fails instead of looking complete, and those following the writer fail too. When the disk
fails instead (full, read-only), the download goes on without a file: the file only saves work.

The files live in a private folder (``EXPORTS_ROOT``; by default ``exports/`` beside the uploaded
CORDIS files), not under MEDIA_ROOT: the proxy serves that folder to anyone and the backups copy it.
Each name begins with a stamp of the content version and the day; each new file removes those with
another stamp, and the oldest ones beyond ``EXPORTS_MAX_MB``.
"""

import errno
import fcntl
import hashlib
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

logger = logging.getLogger(__name__)

PART = ".part"
CHUNK = 64 * 1024
FOLLOW_EVERY = 0.05  # seconds a follower waits for the writer's next bytes
# A writer is paced by its visitor (the proxy reads as fast as the application sends, if it buffers, as
# nginx does by default): one that has written nothing for this long is not waited for any longer.
STALLED = 300
# A finished file this young is kept even when old or over the budget: a follower checks, as its writer
# ends, that the file it read was put in place, and must find it there.
GRACE = 60
# A partial file no writer has touched for this long was left by a writer that died; removed.
ABANDONED = 24 * 60 * 60
ATTEMPTS = 20  # a request gives up after losing this many races for a file (never seen: a safeguard)


class ExportFailed(Exception):
    """The writer being followed failed after some of its bytes were sent: the download cannot be completed."""


def root():
    """The folder of the files: ``EXPORTS_ROOT``, else ``exports/`` in the private folder of the CORDIS uploads."""
    configured = getattr(settings, "EXPORTS_ROOT", None)
    return Path(configured) if configured else Path(storages["imports"].location) / "exports"


def budget():
    """Bytes the finished files may take together."""
    return int(getattr(settings, "EXPORTS_MAX_MB", 1024)) * 1024 * 1024


def try_lock(fd, kind):
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def same_file(fd, path):
    """Whether ``path`` names the file open as ``fd`` (it may have been renamed or removed since)."""
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def chunks_of(file):
    while chunk := file.read(CHUNK):
        yield chunk


def remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class ExportFile:
    """The file of one export for the current content version and day: ``parts`` say which export it is."""

    def __init__(self, version, parts, extension):
        self.directory = root()
        # The stamp is hashed, not the version as it stands: a name made only of hexadecimal digits.
        self.stamp = hashlib.sha256(f"{version}:{timezone.localdate().isoformat()}".encode()).hexdigest()[:16]
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        self.name = f"{self.stamp}-{digest}.{extension}"
        self.path = self.directory / self.name
        self.part = self.directory / (self.name + PART)
        self.keeping = False  # whether this request is writing the file
        self.written = False  # whether it wrote it, and then removes the old files

    def open(self):
        """The finished file, open for reading, or None when it has not been written (or was just removed, or
        its folder cannot be used: then ``stream()`` says why)."""
        try:
            return open(self.path, "rb")
        except OSError:
            return None

    def stream(self, produce):
        """The file's bytes: from the finished file; written by this request from ``produce()``, an iterator of
        byte strings, as they are sent; or followed as another request writes them."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            logger.exception("The folder of the downloads, %s, cannot be made: %s is sent without being kept.",
                             self.directory, self.name)
            yield from produce()
            return
        sent = 0
        for _attempt in range(ATTEMPTS):
            finished = self.open()
            if finished is not None:
                with finished:
                    yield from chunks_of(finished)
                return
            try:
                fd = os.open(self.part, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                logger.exception("The folder of the downloads, %s, cannot be written to: %s is sent without being "
                                 "kept.", self.directory, self.name)
                yield from produce()
                return
            try:
                if try_lock(fd, fcntl.LOCK_EX):
                    if self.claim(fd):
                        yield from self.write(fd, produce)
                        return
                    continue
                try:
                    for chunk in self.follow(fd):
                        sent += len(chunk)
                        yield chunk
                    return
                except ExportFailed:
                    if sent:
                        logger.error("The download %s failed: the request writing it failed after %s bytes were "
                                     "sent.", self.name, sent)
                        raise
                    # Nothing sent yet: start again, from the file another writer finishes, or writing it.
            finally:
                os.close(fd)  # and with it the lock
                if self.written:
                    self.clean_up()
        raise ExportFailed(f"The download {self.name} could not be written or followed.")

    def claim(self, fd):
        """Holding the lock on ``fd``: whether it is a fresh partial file, still in its place, for this request
        to write. When not, the request looks again (a writer has just finished, or the file is a dead one's)."""
        if not same_file(fd, self.part):
            return False  # finished (renamed) or failed (removed) between this request's open and its lock
        if self.path.exists():
            remove(self.part)  # finished just now: the partial file is the empty one this request made
            return False
        if os.fstat(fd).st_size:
            remove(self.part)  # a writer that died left it: started afresh, under a new partial file
            return False
        return True

    def write(self, fd, produce):
        """Write ``produce()``'s chunks to the partial file as they are sent, then put it in place.

        Should the disk fail (full, read-only), the rest is sent all the same, without a file: the file
        only saves work, and the download must not fail for want of it.
        """
        self.keeping = True
        try:
            chunks = produce()
            try:
                for chunk in chunks:
                    self.keep(fd, chunk)
                    yield chunk
            except GeneratorExit:
                # The visitor left. The file is finished all the same: others may be following it, and the
                # rows read so far would otherwise have been read for nothing.
                for chunk in chunks:
                    if not self.keeping:
                        getattr(chunks, "close", lambda: None)()  # no one to send it to: the rows are let go
                        break
                    self.keep(fd, chunk)
            self.finish(fd)
        except BaseException:
            if self.keeping:
                self.abandon(fd)
            logger.exception("The download %s failed while it was written; its partial file is removed and the "
                             "response is cut short.", self.name)
            raise

    def keep(self, fd, chunk):
        if self.keeping:
            try:
                write_all(fd, chunk)
            except OSError:
                self.give_up(fd)

    def finish(self, fd):
        if self.keeping:
            try:
                os.fsync(fd)  # whole on the disk before it has its name, whatever happens to the machine
                os.replace(self.part, self.path)
            except OSError:
                self.give_up(fd)
            else:
                self.keeping, self.written = False, True

    def give_up(self, fd):
        logger.exception("The download %s cannot be kept in %s: the rest is sent without being kept.",
                         self.name, self.directory)
        self.abandon(fd)

    def abandon(self, fd):
        """Remove the partial file, and tell those following it at once that it will not be finished."""
        self.keeping = False
        if same_file(fd, self.part):
            remove(self.part)
        fcntl.flock(fd, fcntl.LOCK_UN)

    def follow(self, fd):
        """What the writer holding the lock on ``fd`` writes, as it writes it; ExportFailed if it does not finish,
        or stops writing for STALLED seconds."""
        grew = time.monotonic()
        while True:
            chunk = os.read(fd, CHUNK)
            if chunk:
                grew = time.monotonic()
                yield chunk
            elif try_lock(fd, fcntl.LOCK_SH):  # the writer is done: finished, or failed
                fcntl.flock(fd, fcntl.LOCK_UN)
                while chunk := os.read(fd, CHUNK):
                    yield chunk
                if not same_file(fd, self.path):
                    raise ExportFailed(self.name)
                return
            elif time.monotonic() - grew >= STALLED:
                raise ExportFailed(f"{self.name}: nothing written for {STALLED} s")
            else:
                time.sleep(FOLLOW_EVERY)

    def clean_up(self):
        """Remove the files of other versions or days, partial files left by dead writers, and the oldest
        files beyond the budget. Never a file younger than GRACE, nor a partial file in use.

        The download is already complete: a failure here is only logged.
        """
        try:
            self.remove_old()
        except OSError:
            logger.warning("Old downloads could not be removed from %s.", self.directory, exc_info=True)

    def remove_old(self):
        now = time.time()
        kept = []
        for entry in os.scandir(self.directory):
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue  # removed by another request's clean-up meanwhile
            age = now - stat.st_mtime
            if entry.name.endswith(PART):
                if age > ABANDONED:
                    remove(entry.path)
            elif age <= GRACE:
                kept.append((stat.st_mtime, stat.st_size, entry.path, True))
            elif not entry.name.startswith(self.stamp):
                remove(entry.path)
            else:
                kept.append((stat.st_mtime, stat.st_size, entry.path, False))
        total, limit = sum(size for _mtime, size, _path, _young in kept), budget()
        for _mtime, size, path, young in sorted(kept):
            if total <= limit:
                break
            if not young:
                remove(path)
                total -= size
