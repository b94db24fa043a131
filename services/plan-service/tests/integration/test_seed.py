"""The demo seed: participants at every stage, and harmless to run twice."""

from __future__ import annotations

from plan_service.entrypoints.seed import DEMO_PARTICIPANTS, seed
from plan_service.settings import PlanSettings

from .conftest import Database


async def test_seeding_twice_gives_one_demo_with_consents_mappings_and_outcomes(
    settings: PlanSettings, database: Database
) -> None:
    await seed(settings)
    first = await database.counts()
    await seed(settings)

    assert await database.counts() == first
    enrolled = sum(d.programme for d in DEMO_PARTICIPANTS)
    exited = [d for d in DEMO_PARTICIPANTS if d.exited_days_ago is not None]
    assert first["participants"] == len(DEMO_PARTICIPANTS)
    assert first["mappings"] == first["consents"] == enrolled
    assert first["sharing_bases"] == 2 * enrolled
    assert first["test_results"] == 2 * len(exited)
    assert first["outcomes"] >= len(exited)
    ended = [r for r in await database.outbox() if r.event_type == "helhet.programme.ended.v1"]
    assert len(ended) == len(exited)
