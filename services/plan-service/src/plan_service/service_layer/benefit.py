"""The benefit basis read from the ledger: for one participant, and for a municipality's
month (what an export records). Used by the handlers and the audited reads alike."""

from __future__ import annotations

from datetime import date

from helhet_common.domain_errors import Conflict
from plan_service.domain.benefit import Basis, Facts, GTable, monthly_basis
from plan_service.domain.participants import Participant
from plan_service.service_layer.unit_of_work import PlanUnitOfWork


def programme_period(participant: Participant) -> tuple[date, date] | None:
    """The programme's first and last day (its exit, or the expected end)."""
    programme = participant.programme
    if programme is None:
        return None
    end = programme.exit.end_date if programme.exit is not None else programme.expected_end_date
    return programme.start_date, end


def facts_of(participant: Participant) -> Facts:
    period = programme_period(participant)
    if period is None or participant.programme is None:
        raise Conflict(
            "The participant has no programme: there is no benefit to compute.",
            code="no-programme",
        )
    return Facts(
        participant_id=participant.id,
        regime=participant.programme.regime,
        birth_year=participant.birth_year,
        programme_start=period[0],
        programme_end=period[1],
    )


async def basis_of(
    uow: PlanUnitOfWork, participant: Participant, month: date, g_table: GTable
) -> Basis:
    facts = facts_of(participant)
    exports = await uow.benefit.exports(participant.municipality)
    entries = await uow.ledger.for_basis([participant.id], month, exports)
    return monthly_basis(
        facts, month, entries.get(participant.id, []), exports=exports, g_table=g_table
    )


async def bases_of_municipality(
    uow: PlanUnitOfWork, municipality: str, month: date, g_table: GTable
) -> list[Basis]:
    """Every participant in a programme during ``month``, by id."""
    everyone = await uow.benefit.facts(municipality, month)
    exports = await uow.benefit.exports(municipality)
    entries = await uow.ledger.for_basis([f.participant_id for f in everyone], month, exports)
    return [
        monthly_basis(
            facts,
            month,
            entries.get(facts.participant_id, []),
            exports=exports,
            g_table=g_table,
        )
        for facts in everyone
    ]
