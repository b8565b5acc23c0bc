"""The cycle collector runs on the GUI thread only, and waits while an import holds it back."""

from __future__ import annotations

import gc
import threading
import weakref

from desktop import collector


class _Cycle:
    """An object in a reference cycle, which remembers the thread that freed it."""

    freed_in: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_in.append(threading.current_thread().name)


def _garbage() -> list[weakref.ref]:
    """More cycles than the first threshold: the collector is due (it counts objects made and
    not yet freed)."""
    return [weakref.ref(_Cycle()) for _ in range(gc.get_threshold()[0] + 1)]


def _alive(cycles: list[weakref.ref]) -> int:
    return sum(cycle() is not None for cycle in cycles)


def _worker_allocates() -> None:
    """What a task on the worker does: make many objects that live a while, past every threshold."""
    kept = [[] for _ in range(50 * gc.get_threshold()[0])]
    assert kept


def test_garbage_is_collected_on_the_gui_thread_and_never_on_a_worker(qtbot):
    assert not gc.isenabled()
    _Cycle.freed_in.clear()
    cycles = _garbage()
    worker = threading.Thread(target=_worker_allocates, name="worker")
    worker.start()
    worker.join()
    assert _alive(cycles) == len(cycles)  # the worker passed the thresholds and collected nothing
    qtbot.waitUntil(lambda: _alive(cycles) == 0, timeout=5_000)
    assert set(_Cycle.freed_in) == {threading.main_thread().name}


def test_an_import_holding_the_collector_back_is_not_interrupted(qtbot):
    with collector.paused():
        cycles = _garbage()
        qtbot.wait(2_500)  # two ticks of the timer
        assert _alive(cycles) == len(cycles)
    qtbot.waitUntil(lambda: _alive(cycles) == 0, timeout=5_000)
    assert not gc.isenabled()  # the pause gave back the collector as it found it: off
