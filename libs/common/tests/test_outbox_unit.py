from __future__ import annotations

from types import SimpleNamespace

from helhet_common.messaging.outbox import rows_to_mark


def _rows(*keys: str | None) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i, key=k) for i, k in enumerate(keys, start=1)]


def test_all_delivered_rows_are_marked() -> None:
    rows = _rows("a", "b", "a", None)
    assert rows_to_mark(rows, [None, None, None, None]) == [1, 2, 3, 4]


def test_a_failed_send_holds_back_the_later_rows_of_its_key_only() -> None:
    rows = _rows("a", "b", "a", "b", None, "a")
    failure = RuntimeError("broker gone")
    outcomes = [failure, None, None, None, failure, None]
    # a's rows after the failed one wait (they are sent again after it); b is unaffected.
    assert rows_to_mark(rows, outcomes) == [2, 4]


def test_a_key_failed_in_one_batch_stays_held_back_in_the_batch_sent_with_it() -> None:
    # The relay keeps two batches in flight: a's failure in the first holds back a's
    # rows in the second too, so they go again after the failed one, in order.
    blocked: set[str] = set()
    first = _rows("a", "b")
    assert rows_to_mark(first, [RuntimeError("timeout"), None], blocked) == [2]
    second = [SimpleNamespace(id=3, key="a"), SimpleNamespace(id=4, key="b")]
    assert rows_to_mark(second, [None, None], blocked) == [4]
