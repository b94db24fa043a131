"""The participant's chain, from settlement to work, education and a social network.

Plain Python. The stage and every link are derived from what is known, never stored as
the sum of the order events arrived in, so the projection converges whatever the arrival
order: each transition only fills in facts, keeps the newest version of a versioned
fact, or merges into a set keyed by the placement, match or consent id.

By concern: ``stages`` (the stage reached), ``parts`` (the codes and the records that
come in many), ``state`` (``ChainState`` and what it derives), ``transitions`` (what
each event does to a chain) and ``links`` (every link's status and the next step). They
are all here too, so ``chain.settled(...)`` and ``from ...domain.chain import
ChainState`` read as before.
"""

from reporting_service.domain.chain.links import Link, LinkStatus, links, next_step
from reporting_service.domain.chain.parts import (
    CEFR_ORDER,
    FLAG_OUTSIDE_WISHES,
    JOB_KINDS,
    NAV_KINDS,
    NO_NEXT_STEP,
    TRANSITION_DIALOGUE,
    ActionLink,
    KindChange,
    Leave,
    MatchLink,
    Meeting,
    NavMeasure,
    Outcome,
    PlacementLink,
    PlanReview,
)
from reporting_service.domain.chain.stages import (
    STAGE_LABELS,
    STAGE_ORDER,
    ChainFacts,
    Stage,
    derive_stage,
)
from reporting_service.domain.chain.state import ChainState
from reporting_service.domain.chain.transitions import (
    action_completed,
    action_created,
    attendance_recorded,
    consent_granted,
    consent_withdrawn,
    leave_granted,
    mapping_recorded,
    match_ended,
    match_started,
    meeting_held,
    nav_measure_linked,
    outcome_recorded,
    participant_hired,
    participant_moved,
    placement_ended,
    placement_kind_changed,
    placement_started,
    plan_reviewed,
    plan_updated,
    programme_ended,
    programme_extended,
    programme_started,
    result_recorded,
    settled,
)

__all__ = [
    "CEFR_ORDER",
    "FLAG_OUTSIDE_WISHES",
    "JOB_KINDS",
    "NAV_KINDS",
    "NO_NEXT_STEP",
    "STAGE_LABELS",
    "STAGE_ORDER",
    "TRANSITION_DIALOGUE",
    "ActionLink",
    "ChainFacts",
    "ChainState",
    "KindChange",
    "Leave",
    "Link",
    "LinkStatus",
    "MatchLink",
    "Meeting",
    "NavMeasure",
    "Outcome",
    "PlacementLink",
    "PlanReview",
    "Stage",
    "action_completed",
    "action_created",
    "attendance_recorded",
    "consent_granted",
    "consent_withdrawn",
    "derive_stage",
    "leave_granted",
    "links",
    "mapping_recorded",
    "match_ended",
    "match_started",
    "meeting_held",
    "nav_measure_linked",
    "next_step",
    "outcome_recorded",
    "participant_hired",
    "participant_moved",
    "placement_ended",
    "placement_kind_changed",
    "placement_started",
    "plan_reviewed",
    "plan_updated",
    "programme_ended",
    "programme_extended",
    "programme_started",
    "result_recorded",
    "settled",
]
