"""The cycle collector pauses while imports run, overlapping or not, and resumes as it was."""

import gc

from desktop import collector


def test_the_collector_resumes_when_the_last_overlapping_pause_ends():
    assert gc.isenabled()
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer import still runs
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
