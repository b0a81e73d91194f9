"""Jobs done ahead, on a thread of their own, while the caller works on what came before.

python-calamine opens a book and parses a sheet with the interpreter lock released, so the
parse of one sheet can run on the second core beside the Python work on the sheet before it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence

NOT_DONE = object()
"""What :meth:`Ahead.take` gives for a job that was never run: one before it failed."""


class Ahead:
    """`jobs` run one after another, in their order, on one thread started at once (after
    the jobs of `after`, when given). :meth:`take` waits for a job and gives its result,
    or raises what it raised, in the caller's thread.

    After a job fails, the jobs behind it are not run: the caller, which meets the failure
    first, stops there too, or does them itself."""

    def __init__(self, jobs: Sequence[tuple[Hashable, Callable[[], object]]],
                 after: Ahead | None = None) -> None:
        self._ready = {key: threading.Event() for key, _ in jobs}
        self._outcome: dict[Hashable, tuple[bool, object]] = {}
        self._thread = threading.Thread(target=self._run, args=(list(jobs), after),
                                        name="procxl-ahead", daemon=True)
        self._thread.start()

    def __contains__(self, key: Hashable) -> bool:
        return key in self._ready

    def take(self, key: Hashable) -> object:
        """The result of the job `key`, once it is done; NOT_DONE when it was never run."""
        self._ready[key].wait()
        done, value = self._outcome.get(key, (True, NOT_DONE))
        if not done:
            assert isinstance(value, BaseException)
            raise value
        return value

    def finish(self) -> None:
        """Wait until every job has run or been given up."""
        self._thread.join()

    def _run(self, jobs: list[tuple[Hashable, Callable[[], object]]],
             after: Ahead | None) -> None:
        if after is not None:
            after.finish()
        failed = False
        for key, job in jobs:
            if not failed:
                try:
                    self._outcome[key] = (True, job())
                except BaseException as exc:  # handed to the caller, who raises it
                    self._outcome[key] = (False, exc)
                    failed = True
            self._ready[key].set()
