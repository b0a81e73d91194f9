"""Jobs done ahead on a thread of their own: results in order, failures where they are taken."""

from __future__ import annotations

import threading

import pytest

from procxl.workbook.ahead import NOT_DONE, Ahead


def test_jobs_run_in_their_order_on_another_thread_and_hand_their_results() -> None:
    ran: list[tuple[str, str]] = []

    def job(key: str) -> str:
        ran.append((key, threading.current_thread().name))
        return key.upper()

    ahead = Ahead([(key, lambda key=key: job(key)) for key in "abc"])
    assert [ahead.take(key) for key in "cab"] == ["C", "A", "B"]
    assert [key for key, _ in ran] == ["a", "b", "c"]
    assert {name for _, name in ran} == {"procxl-ahead"}
    assert "a" in ahead and "d" not in ahead


def test_a_failure_is_raised_where_it_is_taken_and_the_jobs_after_it_are_not_run() -> None:
    ran: list[str] = []

    def fail() -> None:
        ran.append("b")
        raise ValueError("b went wrong")

    ahead = Ahead([("a", lambda: ran.append("a") or 1), ("b", fail),
                   ("c", lambda: ran.append("c") or 3)])
    assert ahead.take("a") == 1
    with pytest.raises(ValueError, match="b went wrong"):
        ahead.take("b")
    assert ahead.take("c") is NOT_DONE
    ahead.finish()
    assert ran == ["a", "b"]


def test_jobs_given_after_others_wait_for_them() -> None:
    release = threading.Event()
    order: list[str] = []
    first = Ahead([("open", lambda: (release.wait(), order.append("open")))])
    second = Ahead([("read", lambda: order.append("read"))], after=first)
    assert not second._ready["read"].wait(0.05)  # held back by the job before it
    release.set()
    second.take("read")
    assert order == ["open", "read"]
