"""The participant-profile and consent projection, fed by plan-service's events.

A batch is applied in a handful of statements whatever its size: create the rows seen
for the first time, load (and lock) every row the batch touches, fold the events over
them with the pure functions of ``domain/profiles.py``, write back the changed ones.
Order between topics does not matter: plan and mapping keep their highest version, a
withdrawal seen before its grant stays in force.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.upsert import insert_if_absent
from helhet_common.messaging.consumer import Applied, Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from placement_service.adapters import tables
from placement_service.adapters.repository import consent_from_row, profile_from_row
from placement_service.contracts import consumed
from placement_service.domain import profiles
from placement_service.domain.profiles import Consent, Profile

State = TypeVar("State", Profile, Consent)

PROFILE_EVENTS = (
    consumed.ParticipantSettled,
    consumed.ProgrammeStarted,
    consumed.PlanUpdated,
    consumed.MappingRecorded,
)
CONSENT_EVENTS = (consumed.ConsentGranted, consumed.ConsentWithdrawn)


def profile_transition(state: Profile, event: IntegrationEvent, envelope: CloudEvent) -> Profile:
    """What one plan-service event does to a participant's profile."""
    match event:
        case consumed.ParticipantSettled():
            return profiles.settled(
                state,
                municipality=event.municipality,
                settlement_date=event.settlement_date,
                household_type=event.household_type,
                languages=tuple(event.languages),
            )
        case consumed.ProgrammeStarted():
            return profiles.programme_started(
                state, municipality=envelope.municipality, expected_end=event.expected_end_date
            )
        case consumed.PlanUpdated():
            return profiles.plan_updated(
                state,
                municipality=envelope.municipality,
                version=event.plan_version,
                end_goal=event.end_goal,
            )
        case consumed.MappingRecorded():
            return profiles.mapping_recorded(
                state,
                municipality=envelope.municipality,
                version=event.mapping_version,
                education_level=event.education_level,
                work_experience_sectors=tuple(event.work_experience_sectors),
                wished_sectors=tuple(event.wished_sectors),
                interests=tuple(event.interests),
                norwegian_levels=dict(event.norwegian_levels),
                has_driving_licence=event.has_driving_licence,
                childcare_needs=event.childcare_needs,
            )
    raise TypeError(f"no profile transition for {type(event).__name__}")


def consent_transition(state: Consent, event: IntegrationEvent, envelope: CloudEvent) -> Consent:
    match event:
        case consumed.ConsentGranted():
            return profiles.consent_granted(
                state,
                recipient_kind=event.recipient_kind,
                recipient_id=event.recipient_id,
                purpose=event.purpose,
                granted_on=event.granted_on,
                expires_on=event.expires_on,
            )
        case consumed.ConsentWithdrawn():
            return profiles.consent_withdrawn(state, withdrawn_on=event.withdrawn_on)
    raise TypeError(f"no consent transition for {type(event).__name__}")


async def _fold(
    session: AsyncSession,
    table: Table,
    key: str,
    items: list[tuple[UUID, dict[str, Any], IntegrationEvent, CloudEvent]],
    from_row: Callable[[Any], State],
    transition: Callable[[State, IntegrationEvent, CloudEvent], State],
    blank: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    if not items:
        return
    now = datetime.now(UTC)
    first: dict[UUID, dict[str, Any]] = {}
    for ident, seed, _, _ in items:
        first.setdefault(ident, seed)
    ids = sorted(first)  # sorted: a stable lock order
    await insert_if_absent(
        session, table, [{**blank(first[i]), key: i, "updated_at": now} for i in ids]
    )
    rows = await session.execute(select(table).where(table.c[key].in_(ids)).with_for_update())
    before = {getattr(row, key): from_row(row) for row in rows}
    after = dict(before)
    for ident, _, event, envelope in items:
        after[ident] = transition(after[ident], event, envelope)
    changed = [state for i, state in after.items() if state != before[i]]
    if not changed:
        return
    columns: list[str] = [f.name for f in fields(changed[0]) if f.name != key]
    await session.execute(
        update(table)
        .where(table.c[key] == bindparam(f"b_{key}"))
        .values({c: bindparam(f"b_{c}") for c in [*columns, "updated_at"]}),
        [
            {
                **{f"b_{k}": list(v) if isinstance(v, tuple) else v for k, v in asdict(s).items()},
                "b_updated_at": now,
            }
            for s in changed
        ],
    )


def _blank_profile(_: dict[str, Any]) -> dict[str, Any]:
    return {
        "languages": [],
        "work_experience_sectors": [],
        "wished_sectors": [],
        "interests": [],
        "norwegian_levels": {},
    }


def _blank_consent(seed: dict[str, Any]) -> dict[str, Any]:
    return dict(seed)


async def apply_participant_events(session: AsyncSession, items: Sequence[Applied]) -> None:
    profile_items: list[tuple[UUID, dict[str, Any], IntegrationEvent, CloudEvent]] = []
    consent_items: list[tuple[UUID, dict[str, Any], IntegrationEvent, CloudEvent]] = []
    for event, envelope in items:
        if isinstance(event, PROFILE_EVENTS):
            profile_items.append((event.participant_id, {}, event, envelope))
        elif isinstance(event, CONSENT_EVENTS):
            seed = {"participant_id": event.participant_id}
            consent_items.append((event.consent_id, seed, event, envelope))
        else:
            raise TypeError(f"no transition for {type(event).__name__}")
    await _fold(
        session,
        tables.participant_profiles,
        "participant_id",
        profile_items,
        profile_from_row,
        profile_transition,
        _blank_profile,
    )
    await _fold(
        session,
        tables.consents,
        "consent_id",
        consent_items,
        consent_from_row,
        consent_transition,
        _blank_consent,
    )


projection = Projection(
    name="participant-profiles",
    registry=consumed.registry,
    apply_many=apply_participant_events,
    tables=tables.READ_MODEL_TABLES,
)
