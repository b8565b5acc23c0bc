"""Python's cycle collector held back while a bulk operation builds its many objects.

A sync import makes hundreds of thousands of objects that all live until it ends. The collector,
which starts after every 700 new objects, walked them over and over: a tenth of the import's time.
They are freed as usual when the operation ends; the collector resumes then.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """Counts the operations under way (imports run on worker threads and the hub's)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.resume = False


_pause = _Pause()


@contextmanager
def paused() -> Iterator[None]:
    with _pause.lock:
        if _pause.holders == 0:
            _pause.resume = gc.isenabled()
            gc.disable()
        _pause.holders += 1
    try:
        yield
    finally:
        with _pause.lock:
            _pause.holders -= 1
            if _pause.holders == 0 and _pause.resume:
                gc.enable()


def holding() -> bool:
    """Whether an operation holds the collector back now."""
    return _pause.holders > 0
