"""Django's SQLite backend, with writers taking turns on a file lock instead of SQLite's back-off sleeps.

SQLite lets one writer in at a time. When a second one asks (`BEGIN IMMEDIATE`) while the first
holds the lock, SQLite's busy handler puts it to sleep for 1, 2, 5, 10, 15, 20, 25… ms before it
asks again — so under a few concurrent writes most of the time is spent asleep after the lock
was already free (measured: a check-in's write took ~9 ms of wall time for ~4 ms of work).

Here each transaction (an `atomic()` block; the settings begin every one `IMMEDIATE`, so each is a
writer) first takes an exclusive `flock` on a file beside the database (`<database>-writers.lock`)
and gives it back at COMMIT, ROLLBACK or when the connection closes. A writer that finds the file
locked tries again after 0.05 ms, doubling the pause up to 1 ms (`POLL_FIRST`, `POLL_MAX`), so it
goes in within about a millisecond of the previous one finishing, where SQLite's handler may sleep
25 ms. It polls rather than block in the kernel because a blocking `flock` cannot give up after a
timeout. Each connection opens the file itself, so writers of every process and thread take turns.
SQLite's own locking is untouched underneath: it remains the guarantee, this only shortens the
idle gaps. A single statement outside a transaction (autocommit) does not take the file lock and
meets SQLite's busy handler as before.

A writer that cannot get the file lock within the connection's timeout goes ahead without it
and meets SQLite's busy handler and timeout as before, so a stuck transaction still ends in
"database is locked" rather than an endless wait. In-memory databases (the tests') need no queue.
"""

import fcntl
import os
import time

from django.db.backends.sqlite3 import base

POLL_FIRST = 0.00005
POLL_MAX = 0.001


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_fd = None
    _writer_holds = False

    def _writers_fd(self):
        if self._writer_fd is None:
            path = f"{self.settings_dict['NAME']}-writers.lock"
            self._writer_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._writer_fd

    def _queue_for_writing(self) -> None:
        if self.is_in_memory_db() or self._writer_holds:
            return
        fd = self._writers_fd()
        deadline = time.monotonic() + float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        pause = POLL_FIRST
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return  # let SQLite's busy timeout decide
                time.sleep(pause)
                pause = min(pause * 2, POLL_MAX)
            else:
                self._writer_holds = True
                return

    def _leave_the_queue(self) -> None:
        if self._writer_holds:
            self._writer_holds = False
            fcntl.flock(self._writer_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._queue_for_writing()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_the_queue()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._leave_the_queue()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._leave_the_queue()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_the_queue()
            if self._writer_fd is not None:
                os.close(self._writer_fd)
                self._writer_fd = None
