"""How long work reports progress and hears a cancel, without knowing Qt.

The UI passes `Task.progress` and `Task.cancel_event`-style objects; the CLI passes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.errors import SoVangError
from desktop.i18n import _

Progress = Callable[[int, int], None]


class Cancelled(SoVangError):
    """The user stopped a long job; nothing was left half-done."""


def step(progress: Progress | None, cancel: threading.Event | None, done: int, total: int) -> None:
    """Stop here if the user cancelled; otherwise report `done` of `total`."""
    if cancel is not None and cancel.is_set():
        raise Cancelled(_("Cancelled."))
    if progress is not None:
        progress(done, total)
