"""The fakes keep the real unit of work's and repository's promises."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from helhet_common.clock import FixedClock
from helhet_common.domain_errors import Conflict, Invalid, NotFound, StaleVersion

from . import toy

TODAY = date(2026, 11, 23)


async def test_run_commits_and_shows_what_the_events_say() -> None:
    uow = toy.FakeToyUnitOfWork(clock=FixedClock(TODAY))
    counter = await uow.run(toy.create_counter, toy.CreateCounter(municipality=toy.HAMAR, name="a"))
    await uow.run(
        toy.bump_counter, toy.BumpCounter(counter_id=counter.id, municipality=toy.HAMAR, by=2)
    )
    assert uow.events == [
        toy.CounterCreated(counter_id=counter.id, name="a"),
        toy.CounterBumped(counter_id=counter.id, value=2, on=TODAY),
    ]
    assert [c.event_type for c in uow.published] == [
        "helhet.counter.created.v1",
        "helhet.counter.bumped.v1",
    ]
    assert uow.counters.stored(counter.id).value == 2
    assert uow.commits == 2


async def test_a_failed_handler_stores_nothing_and_publishes_nothing() -> None:
    uow = toy.FakeToyUnitOfWork()
    counter = uow.counters.put(toy.Counter(uuid4(), toy.HAMAR, "a", value=1))
    with pytest.raises(Invalid):
        await uow.run(
            toy.bump_counter, toy.BumpCounter(counter_id=counter.id, municipality=toy.HAMAR, by=0)
        )
    assert uow.events == []
    assert uow.counters.stored(counter.id).value == 1


async def test_uncommitted_changes_roll_back() -> None:
    uow = toy.FakeToyUnitOfWork()
    async with uow:
        await toy.create_counter(toy.CreateCounter(municipality=toy.HAMAR, name="a"), uow)
    assert uow.counters.all() == []
    assert uow.events == []
    assert uow.rollbacks == 1


async def test_get_scopes_to_the_municipality_and_hands_out_a_copy() -> None:
    uow = toy.FakeToyUnitOfWork()
    counter = uow.counters.put(toy.Counter(uuid4(), toy.HAMAR, "a"))
    async with uow:
        with pytest.raises(NotFound) as error:
            await uow.counters.get(counter.id, municipality="3407")
        assert error.value.code == "counter-not-found"
        got = await uow.counters.get(counter.id, municipality=toy.HAMAR)
        assert got == counter
        assert got is not counter
        assert got in uow.seen


async def test_save_checks_and_bumps_the_version() -> None:
    uow = toy.FakeToyUnitOfWork()
    counter = uow.counters.put(toy.Counter(uuid4(), toy.HAMAR, "a"))
    async with uow:
        first = await uow.counters.get(counter.id, municipality=toy.HAMAR)
        second = await uow.counters.get(counter.id, municipality=toy.HAMAR)
        await uow.counters.save(first)
        assert first.version == 2
        with pytest.raises(StaleVersion) as error:
            await uow.counters.save(second)
        assert error.value.details == {"current_version": 2}


async def test_a_unique_key_is_a_conflict_as_in_the_database() -> None:
    uow = toy.FakeToyUnitOfWork()
    await uow.run(toy.create_counter, toy.CreateCounter(municipality=toy.HAMAR, name="a"))
    with pytest.raises(Conflict) as error:
        await uow.run(toy.create_counter, toy.CreateCounter(municipality=toy.HAMAR, name="a"))
    assert error.value.code == "counter-exists"
    await uow.run(toy.create_counter, toy.CreateCounter(municipality="3407", name="a"))
    assert len(uow.counters.all()) == 2
