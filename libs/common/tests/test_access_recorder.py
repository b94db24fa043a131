"""The record of one read: each participant once, written once, its event a value."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import MetaData

from helhet_common.access.contracts import access_recorded
from helhet_common.access.recorder import AccessRecord, AccessRecorded, purpose_of
from helhet_common.access.rules import CONSENT, PROGRAMME_LAW, Basis
from helhet_common.access.tables import define_access_tables
from helhet_common.auth import Principal
from helhet_common.clock import FixedClock
from helhet_common.unit_of_work import Seen

TABLE = define_access_tables(MetaData()).access_log
NOW = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)


class FakeSession:
    def __init__(self) -> None:
        self.inserted: list[list[dict[str, Any]]] = []

    async def execute(self, _statement: Any, rows: list[dict[str, Any]]) -> None:
        self.inserted.append(rows)


class FakeUow:
    def __init__(self) -> None:
        self.session = FakeSession()
        self.clock = FixedClock(NOW.date(), now=NOW)
        self.seen = Seen()


def record(principal: Principal) -> AccessRecord:
    return AccessRecord(
        table=TABLE,
        principal=principal,
        purpose=purpose_of(principal, None),
        operation="GET /placements",
        categories=("placements",),
    )


async def test_a_read_writes_one_row_per_participant_and_one_event_once() -> None:
    nav_system = Principal(
        sub="nav-system",
        municipality="3403",
        agency="nav",
        roles=frozenset({"caseworker"}),
        client="nav-system",
        client_name="NAV",
        purpose="nav_measures",
    )
    read = record(nav_system)
    first, second = uuid4(), uuid4()
    basis = Basis(legal_basis="nav_loven", basis_id=uuid4())
    read.read(first, basis)
    read.read(second, basis)
    read.read(first, Basis(legal_basis=PROGRAMME_LAW))  # the same person again: kept once
    uow = FakeUow()
    await read.write(uow)  # type: ignore[arg-type]
    await read.write(uow)  # type: ignore[arg-type]  # a helper writing again: nothing more

    (rows,) = uow.session.inserted
    assert [r["participant_id"] for r in rows] == [first, second]
    assert {(r["legal_basis"], r["purpose"], r["client_name"], r["at"]) for r in rows} == {
        ("nav_loven", "nav_measures", "NAV", NOW)
    }
    (event,) = read.events
    assert isinstance(event, AccessRecorded)
    assert read in uow.seen
    published = access_recorded(event)
    assert published.subject() is None  # two people: no key
    assert published.client_id == "nav-system"
    assert "NAV" not in published.model_dump_json()  # the organisation's name stays here


async def test_a_read_of_no_one_writes_nothing() -> None:
    read = record(
        Principal(
            sub="s", municipality="3403", agency="refugee-service", roles=frozenset({"caseworker"})
        )
    )
    uow = FakeUow()
    await read.write(uow)  # type: ignore[arg-type]
    assert uow.session.inserted == []
    assert read.events == []


async def test_a_read_of_one_is_keyed_by_them() -> None:
    read = record(
        Principal(
            sub="kari", municipality="3403", agency="employer", roles=frozenset({"contributor"})
        )
    )
    pid, consent_id = uuid4(), uuid4()
    read.read(pid, Basis(legal_basis=CONSENT, consent_id=consent_id))
    await read.write(FakeUow())  # type: ignore[arg-type]
    published = access_recorded(read.events[0])
    assert published.subject() == str(pid)
    assert published.participants[0].consent_id == consent_id
    assert published.role == "contributor"
