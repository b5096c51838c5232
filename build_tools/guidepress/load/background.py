"""Work done in a forked child process while this one does something else.

Loading a large project is two independent halves, the YAML and the
BibTeX, both bound by one core; on a machine with two or more cores part of
the BibTeX is parsed in a child while this process reads the YAML. The
child is a fork (no re-import, nothing to start), returns its value pickled
through a pipe, and exits without running any of this process's clean-up.

Anything unexpected (no fork on this platform, a single core, the child
failing or taking too long) makes ``result()`` run the work here instead,
so the outcome never depends on whether the child succeeded.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import sys
import threading
from collections.abc import Callable
from typing import Any

# The child is this process's own code on this process's data: it finishes
# in the time the work takes. Beyond this, something is wrong; do it here.
TIMEOUT_SECONDS = 120.0


def can_fork() -> bool:
    """Linux, a second core, and no other thread: a fork copies only the calling
    thread, so a lock another thread holds (a live-reload server's, say) could
    never be released in the child."""
    return (
        sys.platform == "linux" and (os.cpu_count() or 1) > 1 and hasattr(os, "fork") and threading.active_count() == 1
    )


class Forked:
    """``fn(*args)`` computed in a forked child; ``result()`` waits for it."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.fn = fn
        self.args = args
        self.pid = 0
        self.fd = -1
        if not can_fork():
            return
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # the child: compute, send, leave without clean-up handlers
            code = 1
            try:
                os.close(read_fd)
                data = pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        self.pid, self.fd = pid, read_fd

    def result(self) -> Any:
        if not self.pid:
            return self.fn(*self.args)
        data = self._receive()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if data is None or os.waitstatus_to_exitcode(status) != 0:
            return self.fn(*self.args)
        return pickle.loads(data)

    def _receive(self) -> bytes | None:
        chunks: list[bytes] = []
        try:
            while True:
                ready, _, _ = select.select([self.fd], [], [], TIMEOUT_SECONDS)
                if not ready:
                    os.kill(self.pid, 9)
                    return None
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
        finally:
            os.close(self.fd)
            self.fd = -1

    def cancel(self) -> None:
        """The result is not needed: stop the child and reap it."""
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            os.close(self.fd)
            self.pid, self.fd = 0, -1
