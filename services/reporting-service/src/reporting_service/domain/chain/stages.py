"""The stages of the chain the overview counts: the furthest link a participant has
reached, derived from what is known (never from the order events arrived in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Stage(StrEnum):
    """The links of the chain the overview counts, in order."""

    UNKNOWN = "unknown"  # an event arrived before the settlement event
    SETTLED = "settled"
    PROGRAMME = "programme"
    PLAN = "plan"


STAGE_ORDER = [Stage.SETTLED, Stage.PROGRAMME, Stage.PLAN]

STAGE_LABELS = {
    "nb": {
        Stage.UNKNOWN: "Ukjent",
        Stage.SETTLED: "Bosatt",
        Stage.PROGRAMME: "I introduksjonsprogram",
        Stage.PLAN: "Har integreringsplan",
    },
    "en": {
        Stage.UNKNOWN: "Unknown",
        Stage.SETTLED: "Settled",
        Stage.PROGRAMME: "In the programme",
        Stage.PLAN: "Has an integration plan",
    },
}


@dataclass(frozen=True)
class ChainFacts:
    settlement_date: date | None
    programme_start: date | None
    plan_version: int | None


def derive_stage(facts: ChainFacts) -> Stage:
    """The furthest link reached. A participant not yet seen settled is unknown."""
    if facts.settlement_date is None:
        return Stage.UNKNOWN
    if facts.plan_version:
        return Stage.PLAN
    if facts.programme_start is not None:
        return Stage.PROGRAMME
    return Stage.SETTLED
