"""Following the plan up: reviews with the participant, meetings, the actions decided
in them, and the participant's contact person in each agency.

The research's sharpest finding about the plan is that it is rarely reviewed with the
participant and that what a meeting decides is not followed up: nobody owns the next
step. So a review sets the next one due, every decision becomes an action with an
owning unit and a due date, and a contact person is replaced only with a hand-over
note. Plain Python: no I/O, no framework.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from plan_service.domain import events
from plan_service.domain.codes import ActionFilter, ActionStatus, MeetingKind, Responsibility

# The agency codes a meeting, a review or an action may name (a token's ``agency``).
AGENCY_CODES = (
    "refugee-service",
    "learning-centre",
    "nav",
    "county",
    "employer",
    "volunteer",
)
NAV = "nav"
# A review is due this many months after the last one (report 002: "halvårlig",
# report 004: three-way talks twice a year); the reviewer may set another date.
REVIEW_INTERVAL_MONTHS = 6


def unique(codes: Iterable[str]) -> tuple[str, ...]:
    """The codes once each, in their first order."""
    return tuple(dict.fromkeys(codes))


# Reviews ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """The plan reviewed with the participant: who took part, what the participant
    said, and when the next review is due. ``participant_comment`` and
    ``municipality_justification`` are free text: stored here, never published."""

    id: UUID
    plan_version: int
    reviewed_on: date
    agencies_present: tuple[str, ...]
    participant_acknowledged: bool
    participant_disagrees: bool
    next_review_due: date
    participant_comment: str | None = None
    municipality_justification: str | None = None
    recorded_by_agency: str = "refugee-service"

    @property
    def nav_present(self) -> bool:
        return NAV in self.agencies_present

    def overdue(self, today: date) -> bool:
        return self.next_review_due < today


def check_review(
    *,
    reviewed_on: date,
    participant_disagrees: bool,
    municipality_justification: str | None,
    next_review_due: date | None,
    settled_on: date,
    today: date,
) -> date:
    """The rules of a review: it has happened, and a disagreement is justified in
    writing (the municipality decides the plan, and must say why: report 004 §2.2).
    Returns when the next review is due: as given, or six months later."""
    if reviewed_on > today:
        raise Invalid("A review is recorded when it has happened.", code="review-in-future")
    if reviewed_on < settled_on:
        raise Invalid("A review cannot predate the settlement.", code="review-before-settlement")
    if participant_disagrees and not (municipality_justification or "").strip():
        raise Invalid(
            "When the participant disagrees, the municipality's written justification "
            "of its decision is required.",
            code="justification-required",
        )
    due = next_review_due or add_months(reviewed_on, REVIEW_INTERVAL_MONTHS)
    if due <= reviewed_on:
        raise Invalid(
            "The next review must be due after this one.", code="review-due-not-after-review"
        )
    return due


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Meetings --------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """Who took part, for which agency. The name and role stay in plan-service."""

    agency: str
    name: str | None = None
    role: str | None = None


@dataclass
class Meeting:
    id: UUID
    participant_id: UUID
    municipality: str
    kind: MeetingKind
    held_on: date
    attendees: tuple[Attendee, ...]
    recorded_by: str  # the login (``sub``) of who recorded it
    participant_present: bool = False
    notes: str | None = None  # minutes: free text, never published
    recorded_by_agency: str = "refugee-service"
    events: list[Any] = field(default_factory=list, repr=False)

    @property
    def agencies_present(self) -> tuple[str, ...]:
        return unique(a.agency for a in self.attendees)

    @property
    def nav_present(self) -> bool:
        return NAV in self.agencies_present

    @classmethod
    def hold(
        cls,
        *,
        meeting_id: UUID,
        participant_id: UUID,
        municipality: str,
        kind: MeetingKind,
        held_on: date,
        attendees: tuple[Attendee, ...],
        participant_present: bool,
        notes: str | None,
        recorded_by_agency: str,
        recorded_by: str,
        settled_on: date,
        today: date,
    ) -> Meeting:
        if held_on > today:
            raise Invalid("A meeting is recorded when it has been held.", code="meeting-in-future")
        if held_on < settled_on:
            raise Invalid(
                "A meeting cannot predate the settlement.", code="meeting-before-settlement"
            )
        if not attendees:
            raise Invalid("A meeting has at least one attendee.", code="no-attendees")
        unknown = sorted({a.agency for a in attendees} - set(AGENCY_CODES))
        if unknown:
            raise Invalid(f"Unknown agency: {', '.join(unknown)}.", code="unknown-agency")
        meeting = cls(
            id=meeting_id,
            participant_id=participant_id,
            municipality=municipality,
            kind=kind,
            held_on=held_on,
            attendees=attendees,
            recorded_by=recorded_by,
            participant_present=participant_present,
            notes=notes,
            recorded_by_agency=recorded_by_agency,
        )
        meeting.events.append(
            events.MeetingHeld(
                participant_id=participant_id,
                meeting_id=meeting_id,
                kind=kind,
                held_on=held_on,
                agencies_present=meeting.agencies_present,
                nav_present=meeting.nav_present,
            )
        )
        return meeting


# Actions ---------------------------------------------------------------------------


@dataclass
class Action:
    """A decision with an owner and a due date, open until done or cancelled. The
    ``description`` and the completion note are free text: never published."""

    id: UUID
    participant_id: UUID
    municipality: str
    description: str
    owner_agency: str
    owner_unit: str
    due_date: date
    created_on: date
    recorded_by: str  # the login (``sub``) of who recorded it
    meeting_id: UUID | None = None
    responsibility: Responsibility | None = None
    status: ActionStatus = ActionStatus.OPEN
    completed_on: date | None = None
    completion_note: str | None = None
    completed_by: str | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def create(
        cls,
        *,
        action_id: UUID,
        participant_id: UUID,
        municipality: str,
        description: str,
        owner_agency: str,
        owner_unit: str,
        due_date: date,
        created_on: date,
        meeting_id: UUID | None,
        responsibility: Responsibility | None,
        recorded_by: str,
        settled_on: date,
        today: date,
    ) -> Action:
        if not description.strip():
            raise Invalid("An action says what is to be done.", code="description-required")
        if owner_agency not in AGENCY_CODES:
            raise Invalid(f"Unknown agency: {owner_agency}.", code="unknown-agency")
        if created_on > today:
            raise Invalid("An action cannot be created in the future.", code="action-in-future")
        if created_on < settled_on:
            raise Invalid(
                "An action cannot predate the settlement.", code="action-before-settlement"
            )
        if due_date < created_on:
            raise Invalid(
                "An action cannot be due before it was decided.", code="action-due-before-creation"
            )
        action = cls(
            id=action_id,
            participant_id=participant_id,
            municipality=municipality,
            description=description,
            owner_agency=owner_agency,
            owner_unit=owner_unit,
            due_date=due_date,
            created_on=created_on,
            recorded_by=recorded_by,
            meeting_id=meeting_id,
            responsibility=responsibility,
        )
        action.events.append(
            events.ActionCreated(
                participant_id=participant_id,
                action_id=action_id,
                meeting_id=meeting_id,
                owner_agency=owner_agency,
                owner_unit=owner_unit,
                responsibility=responsibility,
                due_date=due_date,
                created_on=created_on,
            )
        )
        return action

    def complete(
        self,
        *,
        outcome: ActionStatus,
        completed_on: date,
        note: str | None,
        completed_by: str,
        today: date,
    ) -> None:
        """Done or cancelled, once."""
        if outcome is ActionStatus.OPEN:
            raise Invalid("An action is completed as done or cancelled.", code="action-outcome")
        if self.status is not ActionStatus.OPEN:
            raise Conflict(
                f"The action is already {self.status.value}.", code="action-already-closed"
            )
        if completed_on > today:
            raise Invalid(
                "An action is completed when it has been done.", code="completion-in-future"
            )
        if completed_on < self.created_on:
            raise Invalid(
                "An action cannot be completed before it was decided.", code="dates-out-of-order"
            )
        self.status = outcome
        self.completed_on = completed_on
        self.completion_note = note
        self.completed_by = completed_by
        self.events.append(
            events.ActionCompleted(
                participant_id=self.participant_id,
                action_id=self.id,
                outcome=outcome,
                completed_on=completed_on,
            )
        )

    def overdue(self, today: date) -> bool:
        return self.status is ActionStatus.OPEN and self.due_date < today

    def matches(self, wanted: ActionFilter, today: date) -> bool:
        if wanted is ActionFilter.OVERDUE:
            return self.overdue(today)
        return self.status.value == wanted.value


# Contact persons -------------------------------------------------------------------


@dataclass(frozen=True)
class ContactPerson:
    """The participant's contact person in one agency (an employee: their name and
    phone stay in plan-service and are never published). A new contact for an agency
    ends the previous one's period and carries a hand-over note."""

    id: UUID
    agency: str
    name: str
    assigned_on: date
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    handover_note: str | None = None
    ended_on: date | None = None

    @property
    def current(self) -> bool:
        return self.ended_on is None


def assign_contact(
    existing: Iterable[ContactPerson], new: ContactPerson, *, settled_on: date, today: date
) -> ContactPerson | None:
    """Check the assignment of ``new``; return the agency's current contact it
    replaces (its period ended on the new one's first day), or None."""
    if new.agency not in AGENCY_CODES:
        raise Invalid(f"Unknown agency: {new.agency}.", code="unknown-agency")
    if new.assigned_on > today:
        raise Invalid(
            "A contact person is assigned from today or before.", code="contact-in-future"
        )
    if new.assigned_on < settled_on:
        raise Invalid(
            "A contact person cannot predate the settlement.", code="contact-before-settlement"
        )
    previous = next((c for c in existing if c.agency == new.agency and c.current), None)
    if previous is None:
        return None
    if not (new.handover_note or "").strip():
        raise Invalid(
            f"{new.agency} already has a contact person: replacing them needs a hand-over "
            "note for the new one.",
            code="handover-note-required",
        )
    if new.assigned_on < previous.assigned_on:
        raise Invalid(
            "The new contact person cannot start before the one they replace.",
            code="dates-out-of-order",
        )
    return replace(previous, ended_on=new.assigned_on)


def current_contacts(contacts: Iterable[ContactPerson]) -> list[ContactPerson]:
    """One per agency: those whose period has not ended, in agency order."""
    order = {agency: n for n, agency in enumerate(AGENCY_CODES)}
    return sorted((c for c in contacts if c.current), key=lambda c: order.get(c.agency, 99))
