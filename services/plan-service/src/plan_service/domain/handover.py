"""Transition and hand-over: in the programme's last months (by default three) a
checklist per participant (the NAV dialogue held, the next step agreed, the receiving
unit named), and at exit a hand-over package to the receiving unit (NAV, the county's
upper-secondary school, an employer), shared only under a recorded basis and
acknowledged by the receiving unit, which then owns the follow-up (issue 16; report 004
§1.2 and §6 item 3: at the end of the programme nobody owns the participant;
Lillehammer's agreement: NAV dialogue at least three months before the end).

Plain Python: no I/O, no framework.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid, NotAllowed
from plan_service.domain import events
from plan_service.domain.codes import OutcomeStatus
from plan_service.domain.programmes import Programme

DEFAULT_TRANSITION_MONTHS = 3


class ReceivingKind(StrEnum):
    NAV = "nav"
    COUNTY_SCHOOL = "county_school"  # the county's upper-secondary education
    EMPLOYER = "employer"


# The agency whose staff act for each kind of receiving unit.
RECEIVING_AGENCY: dict[ReceivingKind, str] = {
    ReceivingKind.NAV: "nav",
    ReceivingKind.COUNTY_SCHOOL: "county",
    ReceivingKind.EMPLOYER: "employer",
}


class BasisKind(StrEnum):
    SHARING_BASIS = "sharing_basis"  # a public agency's basis in law (NAV, the county)
    CONSENT = "consent"  # the participant's consent (an employer)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has no such day)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def transition_opens(programme: Programme, months: int) -> date:
    """The first day of the transition: ``months`` before the expected end."""
    return months_before(programme.expected_end_date, months)


def require_transition(programme: Programme | None, *, months: int, today: date) -> None:
    """The transition has begun: the programme ends within ``months``, or has ended."""
    if programme is None:
        raise Conflict("The participant has no programme.", code="no-programme")
    if programme.exit is None and today < transition_opens(programme, months):
        opens = transition_opens(programme, months)
        raise Conflict(
            f"The transition begins {opens.isoformat()}, {months} months before the "
            "programme's expected end.",
            code="not-in-transition",
            opens_on=opens.isoformat(),
        )


@dataclass
class Transition:
    """The transition checklist of one participant."""

    participant_id: UUID
    municipality: str
    nav_dialogue_held_on: date | None = None
    next_step: OutcomeStatus | None = None
    receiving_kind: ReceivingKind | None = None
    receiving_unit_id: str | None = None
    updated_by: str | None = None
    updated_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @property
    def id(self) -> UUID:
        return self.participant_id

    @property
    def complete(self) -> bool:
        return (
            self.nav_dialogue_held_on is not None
            and self.next_step is not None
            and self.receiving_kind is not None
        )

    def update(
        self,
        *,
        programme: Programme | None,
        months: int,
        nav_dialogue_held_on: date | None,
        next_step: OutcomeStatus | None,
        receiving_kind: ReceivingKind | None,
        receiving_unit_id: str | None,
        by: str,
        at: datetime,
        today: date,
    ) -> None:
        """Set the checklist (in the transition only; the NAV dialogue not ahead of
        today; a receiving unit named with its kind)."""
        require_transition(programme, months=months, today=today)
        if nav_dialogue_held_on is not None and nav_dialogue_held_on > today:
            raise Invalid("The NAV dialogue is recorded once held.", code="date-in-future")
        if (receiving_kind is None) != (receiving_unit_id is None):
            raise Invalid(
                "A receiving unit is named by its kind and its id together.",
                code="receiving-unit-incomplete",
            )
        self.nav_dialogue_held_on = nav_dialogue_held_on
        self.next_step = next_step
        self.receiving_kind = receiving_kind
        self.receiving_unit_id = receiving_unit_id
        self.updated_by = by
        self.updated_at = at
        self.events.append(
            events.TransitionUpdated(
                participant_id=self.participant_id,
                nav_dialogue_held_on=nav_dialogue_held_on,
                next_step=next_step.value if next_step is not None else None,
                receiving_kind=receiving_kind.value if receiving_kind is not None else None,
                complete=self.complete,
                updated_on=today,
            )
        )


@dataclass(frozen=True)
class Basis:
    """The recorded basis a hand-over is shared under."""

    kind: BasisKind
    id: UUID


@dataclass
class HandOver:
    """A hand-over package to a receiving unit. ``package`` is what was shared, as it
    stood when the hand-over was made (plan goals, mapping, test results, open actions,
    the participant's own comment); it stays in plan-service."""

    id: UUID
    participant_id: UUID
    municipality: str
    receiving_kind: ReceivingKind
    receiving_unit_id: str
    basis: Basis
    package: dict[str, Any]
    created_by: str
    created_on: date
    acknowledged_on: date | None = None
    acknowledged_by: str | None = None
    acknowledged_by_agency: str | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @property
    def follow_up_owner(self) -> str:
        """Who owns the follow-up: the receiving unit's agency once it acknowledged,
        the programme owner until then."""
        if self.acknowledged_on is None:
            return "refugee-service"
        return RECEIVING_AGENCY[self.receiving_kind]

    @classmethod
    def make(
        cls,
        *,
        hand_over_id: UUID,
        participant_id: UUID,
        municipality: str,
        programme: Programme | None,
        months: int,
        receiving_kind: ReceivingKind,
        receiving_unit_id: str,
        basis: Basis | None,
        existing: list[HandOver],
        package: dict[str, Any],
        created_by: str,
        today: date,
    ) -> HandOver:
        """A hand-over in the transition or after the exit, under a recorded basis in
        force for the receiving unit, and one per receiving unit."""
        require_transition(programme, months=months, today=today)
        if basis is None:
            raise Conflict(
                "No recorded basis lets the participant's data go to this receiving unit: "
                "record a sharing basis (NAV, the county) or the participant's consent (an "
                "employer) first.",
                code="no-sharing-basis",
            )
        for other in existing:
            if (other.receiving_kind, other.receiving_unit_id) == (
                receiving_kind,
                receiving_unit_id,
            ):
                raise Conflict(
                    "This receiving unit already has a hand-over of the participant.",
                    code="hand-over-exists",
                    hand_over_id=str(other.id),
                )
        hand_over = cls(
            id=hand_over_id,
            participant_id=participant_id,
            municipality=municipality,
            receiving_kind=receiving_kind,
            receiving_unit_id=receiving_unit_id,
            basis=basis,
            package=package,
            created_by=created_by,
            created_on=today,
        )
        hand_over.events.append(
            events.HandOverCreated(
                participant_id=participant_id,
                hand_over_id=hand_over_id,
                receiving_kind=receiving_kind.value,
                receiving_unit_id=receiving_unit_id,
                basis_kind=basis.kind.value,
                basis_id=basis.id,
                created_on=today,
            )
        )
        return hand_over

    def acknowledge(self, *, by: str, agency: str, on_behalf: bool, today: date) -> None:
        """The receiving unit acknowledges the package and takes over the follow-up.
        Its own staff do; an employer's acknowledgement, which has no access here, is
        recorded by the programme owner on its behalf (``on_behalf``)."""
        if self.acknowledged_on is not None:
            raise Conflict(
                "The hand-over has already been acknowledged.", code="already-acknowledged"
            )
        receiving = RECEIVING_AGENCY[self.receiving_kind]
        if agency != receiving and not (
            on_behalf and self.receiving_kind is ReceivingKind.EMPLOYER
        ):
            raise NotAllowed(
                "Only the receiving unit acknowledges a hand-over (the programme owner for "
                "an employer).",
                code="receiving-unit-only",
            )
        self.acknowledged_on = today
        self.acknowledged_by = by
        self.acknowledged_by_agency = agency
        self.events.append(
            events.HandOverAcknowledged(
                participant_id=self.participant_id,
                hand_over_id=self.id,
                receiving_kind=self.receiving_kind.value,
                acknowledged_on=today,
                follow_up_owner=receiving,
                days_to_acknowledge=(today - self.created_on).days,
            )
        )
