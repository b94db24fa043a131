"""Matches: a participant and a volunteer (or a family and a family) for a role, only
with the participant's consent in force. Plain Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from volunteer_service.domain import events, vetting
from volunteer_service.domain.codes import (
    EndReason,
    MatchStatus,
    Party,
    Role,
    Setting,
    VolunteerKind,
)
from volunteer_service.domain.vetting import TaskRequirements
from volunteer_service.domain.volunteers import Volunteer


@dataclass
class Match:
    """A participant and a volunteer (or a family and a family) for a role.

    Proposed, then accepted by both sides (which starts it), ended with a reason. Only
    with the participant's consent in force.
    """

    id: UUID
    municipality: str
    participant_id: UUID
    volunteer_id: UUID
    role: Role
    setting: Setting
    involves_minors: bool
    involves_developmental_disabilities: bool
    proposed_on: date
    status: MatchStatus = MatchStatus.PROPOSED
    participant_accepted_on: date | None = None
    volunteer_accepted_on: date | None = None
    started_on: date | None = None
    ended_on: date | None = None
    end_reason: EndReason | None = None
    version: int = 1
    volunteer_kind: VolunteerKind = VolunteerKind.VOLUNTEER
    events: list[Any] = field(default_factory=list, repr=False)

    @property
    def task(self) -> TaskRequirements:
        return TaskRequirements(
            role=self.role,
            setting=self.setting,
            involves_minors=self.involves_minors,
            involves_developmental_disabilities=self.involves_developmental_disabilities,
        )

    @property
    def is_open(self) -> bool:
        return self.status is not MatchStatus.ENDED

    @classmethod
    def propose(
        cls,
        *,
        match_id: UUID,
        volunteer: Volunteer,
        participant_id: UUID,
        participant_household: str | None,
        task: TaskRequirements,
        consent_in_force: bool,
        open_matches_of_volunteer: Iterable[Match],
        today: date,
    ) -> Match:
        if not volunteer.active:
            raise Conflict(
                "The volunteer is deactivated: no new matches.", code="volunteer-deactivated"
            )
        if not consent_in_force:
            raise Invalid(
                "The participant has no consent in force that lets this volunteer (or the "
                "volunteer's organisation) be matched with them.",
                code="consent-required",
            )
        vetting.check_not_interpreting(task, bridge_builder=volunteer.is_bridge_builder)
        missing = volunteer.eligibility(task, today=today)
        if missing:
            raise Invalid(
                "The volunteer may not take this task: "
                + "; ".join(m.message for m in missing)
                + ".",
                code="volunteer-not-eligible",
                missing=[m.code for m in missing],
            )
        if task.role is Role.FRIEND_FAMILY and participant_household == "single":
            raise Invalid(
                "A friend family is matched with a family, not a single.", code="household-mismatch"
            )
        open_matches = list(open_matches_of_volunteer)
        if any(m.participant_id == participant_id and m.role is task.role for m in open_matches):
            raise Conflict(
                "The participant and volunteer already have this match open.", code="match-exists"
            )
        if len(open_matches) >= volunteer.max_matches:
            raise Conflict(
                f"The volunteer already has {len(open_matches)} open matches "
                f"(at most {volunteer.max_matches}).",
                code="volunteer-at-capacity",
            )
        match = cls(
            id=match_id,
            municipality=volunteer.municipality,
            participant_id=participant_id,
            volunteer_id=volunteer.id,
            role=task.role,
            setting=task.setting,
            involves_minors=task.involves_minors,
            involves_developmental_disabilities=task.involves_developmental_disabilities,
            proposed_on=today,
            volunteer_kind=volunteer.kind,
        )
        match.events.append(
            events.MatchProposed(
                match_id=match.id,
                participant_id=participant_id,
                volunteer_id=volunteer.id,
                volunteer_kind=volunteer.kind,
                role=task.role,
                proposed_on=today,
            )
        )
        return match

    def accept(self, party: Party, *, consent_in_force: bool, today: date) -> None:
        if self.status is not MatchStatus.PROPOSED:
            raise Conflict(
                f"The match is {self.status.value}; only a proposal is accepted.",
                code="match-not-proposed",
            )
        if not consent_in_force:
            raise Invalid(
                "The participant's consent for this match is no longer in force.",
                code="consent-required",
            )
        if party is Party.PARTICIPANT:
            if self.participant_accepted_on is not None:
                raise Conflict("The participant has already accepted.", code="already-accepted")
            self.participant_accepted_on = today
        else:
            if self.volunteer_accepted_on is not None:
                raise Conflict("The volunteer has already accepted.", code="already-accepted")
            self.volunteer_accepted_on = today
        self.version += 1
        if self.participant_accepted_on and self.volunteer_accepted_on:
            self.status = MatchStatus.ACTIVE
            self.started_on = today
            self.events.append(
                events.MatchStarted(
                    match_id=self.id,
                    participant_id=self.participant_id,
                    volunteer_id=self.volunteer_id,
                    role=self.role,
                    started_on=today,
                )
            )

    def end(self, reason: EndReason, *, today: date) -> None:
        if self.status is MatchStatus.ENDED:
            raise Conflict("The match has already ended.", code="match-already-ended")
        self.status = MatchStatus.ENDED
        self.ended_on = today
        self.end_reason = reason
        self.version += 1
        self.events.append(
            events.MatchEnded(
                match_id=self.id,
                participant_id=self.participant_id,
                volunteer_id=self.volunteer_id,
                role=self.role,
                ended_on=today,
                reason=reason,
                was_started=self.started_on is not None,
            )
        )
