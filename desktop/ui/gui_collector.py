"""Python's cycle collector, run on the GUI thread only.

Left automatic, the collector runs in whichever thread allocates past its threshold, so a worker
thread may free the GUI's unreachable Qt objects. Their C++ destructor takes Qt's lock on the
object's connections and then waits for the GIL, which the GUI thread holds while it waits for
that same lock to connect a signal: the app froze so, once, in the test suite. As calibre and Anki
do, automatic collection is switched off and a timer on the GUI thread collects instead, by the
collector's own thresholds. While a bulk import holds collection back (`desktop.collector`), the
timer waits too.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from desktop import collector

INTERVAL_MS = 1000
TIMER_NAME = "guiCollector"


def collect_on_gui_thread(app: QObject) -> QTimer:
    """Switch automatic collection off; a timer owned by `app` (made once) collects instead."""
    timer = app.findChild(QTimer, TIMER_NAME)
    if timer is None:
        timer = QTimer(app)
        timer.setObjectName(TIMER_NAME)
        timer.timeout.connect(_collect_due)
    gc.disable()
    timer.start(INTERVAL_MS)
    return timer


def _collect_due() -> None:
    """Collect the generations whose thresholds are passed, as the automatic collector would."""
    if collector.holding():
        return
    counts, limits = gc.get_count(), gc.get_threshold()
    if counts[0] <= limits[0]:
        return
    generation = 0
    while generation < 2 and counts[generation + 1] > limits[generation + 1]:
        generation += 1
    gc.collect(generation)
