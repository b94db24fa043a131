"""What plan-service holds about a participant (GDPR art. 15), as it stores it: one
section per table, every row of the participant's, as JSON (ids, codes, dates, and the
personal data plan-service owns). The export adds the other services' answers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic_core import to_jsonable_python
from sqlalchemy import Table, select

from helhet_common.access.export import PersonalData, PersonalDataSection
from plan_service.adapters import tables
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

SERVICE = "plan-service"

# (name, title, table, key column to the participant, ordered by)
SECTIONS: tuple[tuple[str, str, Table, str, tuple[str, ...]], ...] = (
    ("participant", "Deltakeren: bosetting og personopplysninger", tables.participants, "id", ()),
    (
        "national_id",
        "Fødselsnummer du logger inn med",
        tables.participant_identities,
        "participant_id",
        (),
    ),
    (
        "external_links",
        "Koblinger til andre fagsystemer",
        tables.external_links,
        "participant_id",
        ("linked_at",),
    ),
    ("programme", "Introduksjonsprogrammet", tables.programmes, "participant_id", ()),
    (
        "programme_extensions",
        "Forlengelser av programmet",
        tables.programme_extensions,
        "participant_id",
        ("number",),
    ),
    ("programme_leaves", "Permisjoner", tables.programme_leaves, "participant_id", ("from_date",)),
    ("plan", "Integreringsplanen", tables.plans, "participant_id", ()),
    (
        "plan_versions",
        "Tidligere versjoner av planen",
        tables.plan_versions,
        "participant_id",
        ("version",),
    ),
    (
        "plan_contributions",
        "Forslag til planen",
        tables.plan_contributions,
        "participant_id",
        ("created_at",),
    ),
    (
        "plan_reviews",
        "Gjennomganger av planen",
        tables.plan_reviews,
        "participant_id",
        ("reviewed_on",),
    ),
    ("mappings", "Kartlegging av kompetanse", tables.mappings, "participant_id", ("version",)),
    ("test_results", "Prøveresultater", tables.test_results, "participant_id", ("taken_on",)),
    ("outcomes", "Resultater etter programmet", tables.outcomes, "participant_id", ("status_on",)),
    ("meetings", "Møter", tables.meetings, "participant_id", ("held_on",)),
    ("actions", "Oppgaver", tables.actions, "participant_id", ("created_on",)),
    ("contacts", "Kontaktpersoner", tables.contacts, "participant_id", ("assigned_on",)),
    (
        "ledger",
        "Oppmøte og fravær",
        tables.ledger_entries,
        "participant_id",
        ("entry_date", "recorded_at"),
    ),
    ("consents", "Samtykker", tables.consents, "participant_id", ("granted_on",)),
    (
        "sharing_bases",
        "Grunnlag for deling med andre etater",
        tables.sharing_bases,
        "participant_id",
        ("valid_from",),
    ),
    (
        "access_log",
        "Hvem har lest opplysningene dine",
        tables.access_log,
        "participant_id",
        ("at", "id"),
    ),
)


def _record(row: Any) -> dict[str, Any]:
    record: dict[str, Any] = to_jsonable_python(dict(row._mapping))
    return record


async def held_by_plan_service(uow: PlanUnitOfWork, participant_id: UUID) -> PersonalData:
    """Every section, in the order above (an empty one too: it says plan-service holds
    nothing of that kind)."""
    sections = []
    for name, title, table, key, order in SECTIONS:
        rows = await uow.session.execute(
            select(table)
            .where(table.c[key] == participant_id)
            .order_by(*(table.c[c] for c in order))
        )
        sections.append(
            PersonalDataSection(name=name, title=title, records=[_record(r) for r in rows])
        )
    return PersonalData(
        service=SERVICE,
        participant_id=participant_id,
        generated_at=uow.clock.now(),
        sections=sections,
    )
