"""relgraph.bulk.paused_gc: the collector is paused inside and restored after."""

import gc

import pytest

from relgraph.bulk import paused_gc


def test_paused_inside_and_restored_after():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():            # nested: still paused, and the outer pause holds
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error_and_left_off_when_it_was_off():
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()    # was off before: stays off
    finally:
        gc.enable()


def test_as_a_decorator_keeps_the_function():
    @paused_gc()
    def f(x: int) -> bool:
        """doc"""
        return gc.isenabled() or x < 0

    assert f(1) is False and gc.isenabled() and f.__doc__ == "doc"


def test_overlapping_pauses_in_two_threads_restore_once_both_end():
    import threading

    inside = threading.Event()
    release = threading.Event()

    def worker():
        with paused_gc():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=worker)
    with paused_gc():
        t.start()
        inside.wait(5)
    assert not gc.isenabled()        # the worker's pause is still open
    release.set()
    t.join(5)
    assert gc.isenabled()
