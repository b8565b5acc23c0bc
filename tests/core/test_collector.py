"""The cycle collector pauses while imports run, overlapping or not, and resumes as it was."""

import gc

import pytest

from desktop import collector


@pytest.fixture
def automatic():
    """The collector as a process without screens has it: automatic (the screens' tests switch it
    off, `desktop.ui.gui_collector`); left as it was found."""
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_resumes_when_the_last_overlapping_pause_ends(automatic):
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled() and collector.holding()
        assert not gc.isenabled()  # the outer import still runs
    assert gc.isenabled() and not collector.holding()


def test_a_collector_switched_off_before_stays_off(automatic):
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()
