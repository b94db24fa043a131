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
