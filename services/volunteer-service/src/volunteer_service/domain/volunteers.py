"""Volunteers and bridge-builders: their profile, vetting and training, deactivation and
erasure. Names and contact details live in ``personal`` and never leave this service.
Plain Python."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar
from uuid import UUID

from helhet_common.domain_errors import Conflict, Invalid
from volunteer_service.domain import events, vetting
from volunteer_service.domain.codes import (
    KEEP,
    DeactivationReason,
    EndReason,
    Engagement,
    Keep,
    Role,
    VolunteerKind,
    check_something_changed,
    check_version,
    unique,
)
from volunteer_service.domain.vetting import TaskRequirements

AVAILABILITY = ("weekday_daytime", "weekday_evening", "weekend")
CONTACT_DETAILS = ("name", "phone", "email")


class OpenMatch(Protocol):
    """What a volunteer who stops needs of a match it is in (``matches.Match`` is one)."""

    volunteer_id: UUID
    proposed_on: date

    @property
    def is_open(self) -> bool: ...

    def end(self, reason: EndReason, *, today: date) -> None: ...


M = TypeVar("M", bound=OpenMatch)


@dataclass(frozen=True)
class BridgeBuilderTerms:
    engagement: Engagement
    former_participant: bool


@dataclass
class Volunteer:
    id: UUID
    municipality: str
    kind: VolunteerKind
    organisation_id: UUID | None
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    interests: tuple[str, ...]
    availability: tuple[str, ...]
    roles: tuple[Role, ...]
    max_matches: int
    registered_on: date
    trainings: dict[str, date] = field(default_factory=dict)
    certificate: vetting.CertificateSeen | None = None
    bridge: BridgeBuilderTerms | None = None
    personal: dict[str, Any] = field(default_factory=dict)
    version: int = 1
    deactivated_on: date | None = None
    deactivation_reason: DeactivationReason | None = None
    erased_on: date | None = None
    events: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def register(
        cls,
        *,
        volunteer_id: UUID,
        municipality: str,
        kind: VolunteerKind,
        organisation_id: UUID | None,
        languages: Sequence[str],
        skills: Sequence[str],
        interests: Sequence[str],
        availability: Sequence[str],
        roles: Sequence[Role],
        max_matches: int,
        bridge: BridgeBuilderTerms | None,
        personal: dict[str, Any],
        today: date,
        trainings: Iterable[tuple[str, date]] = (),
    ) -> Volunteer:
        roles = unique(roles)
        done = dict(trainings)
        if any(on > today for on in done.values()):
            raise Invalid("A training is completed in the future.", code="training-in-future")
        _check_profile(
            kind=kind,
            bridge=bridge,
            languages=languages,
            availability=availability,
            roles=roles,
            max_matches=max_matches,
        )
        volunteer = cls(
            id=volunteer_id,
            municipality=municipality,
            kind=kind,
            organisation_id=organisation_id,
            languages=unique(languages),
            skills=unique(skills),
            interests=unique(interests),
            availability=unique(availability),
            roles=roles,
            max_matches=max_matches,
            registered_on=today,
            bridge=bridge,
            personal=dict(personal),
            trainings=done,
        )
        volunteer.events.append(
            events.VolunteerRegistered(
                volunteer_id=volunteer.id,
                kind=volunteer.kind,
                organisation_id=volunteer.organisation_id,
                roles=volunteer.roles,
                languages=volunteer.languages,
                engagement=bridge.engagement if bridge else None,
                registered_on=today,
            )
        )
        return volunteer

    @property
    def active(self) -> bool:
        return self.deactivated_on is None

    @property
    def erased(self) -> bool:
        return self.erased_on is not None

    def _require_active(self) -> None:
        if not self.active:
            raise Conflict(
                "The volunteer is deactivated: nothing more is recorded.",
                code="volunteer-deactivated",
            )

    def update(
        self,
        *,
        expected_version: int,
        languages: Sequence[str] | Keep = KEEP,
        skills: Sequence[str] | Keep = KEEP,
        interests: Sequence[str] | Keep = KEEP,
        availability: Sequence[str] | Keep = KEEP,
        roles: Sequence[Role] | Keep = KEEP,
        max_matches: int | Keep = KEEP,
        organisation_id: UUID | Keep | None = KEEP,
        contact: dict[str, str | None] | Keep = KEEP,
    ) -> None:
        """Change the profile and contact details; the same rules as at registration.
        In ``contact`` (name, phone, email) ``None`` removes a detail; a name stays."""
        check_version("volunteer", self.version, expected_version)
        check_something_changed(
            languages, skills, interests, availability, roles, max_matches, organisation_id, contact
        )
        self._require_active()
        new_languages = self.languages if languages is KEEP else unique(languages)
        new_roles = self.roles if roles is KEEP else unique(roles)
        new_availability = self.availability if availability is KEEP else unique(availability)
        new_max = self.max_matches if max_matches is KEEP else max_matches
        _check_profile(
            kind=self.kind,
            bridge=self.bridge,
            languages=new_languages,
            availability=new_availability,
            roles=new_roles,
            max_matches=new_max,
        )
        personal = dict(self.personal)
        if contact is not KEEP:
            unknown = sorted(set(contact) - set(CONTACT_DETAILS))
            if unknown:
                raise Invalid(f"Unknown contact details: {unknown}.", code="contact-details")
            if "name" in contact and not contact["name"]:
                raise Invalid("A volunteer keeps a name.", code="name-required")
            for key, value in contact.items():
                if value is None:
                    personal.pop(key, None)
                else:
                    personal[key] = value
        self.languages = new_languages
        self.roles = new_roles
        self.availability = new_availability
        self.max_matches = new_max
        if skills is not KEEP:
            self.skills = unique(skills)
        if interests is not KEEP:
            self.interests = unique(interests)
        if organisation_id is not KEEP:
            self.organisation_id = organisation_id
        self.personal = personal
        self.version += 1

    def deactivate(
        self,
        *,
        expected_version: int,
        reason: DeactivationReason,
        open_matches: Iterable[M],
        today: date,
    ) -> list[M]:
        """The volunteer stops: not suggested, no new matches, and the open matches end
        (reason ``volunteer_left``). Returns the matches it ended."""
        check_version("volunteer", self.version, expected_version)
        if not self.active:
            raise Conflict(
                "The volunteer is already deactivated.", code="volunteer-already-deactivated"
            )
        ended = self._stop(reason, open_matches, today)
        self.version += 1
        return ended

    def erase(self, *, expected_version: int, open_matches: Iterable[M], today: date) -> list[M]:
        """Erasure on request (GDPR art. 17): names and contact details go; ids, codes and
        dates stay, so statistics and past matches still hold. An erased volunteer is
        deactivated (if still active, with the reason ``erasure_requested``)."""
        check_version("volunteer", self.version, expected_version)
        if self.erased:
            raise Conflict("The volunteer is already erased.", code="volunteer-already-erased")
        ended: list[M] = []
        if self.active:
            ended = self._stop(DeactivationReason.ERASURE_REQUESTED, open_matches, today)
        self.personal = {}
        self.erased_on = today
        self.version += 1
        return ended

    def _stop(self, reason: DeactivationReason, open_matches: Iterable[M], today: date) -> list[M]:
        ended = []
        for match in open_matches:
            if match.volunteer_id != self.id or not match.is_open:
                continue
            match.end(EndReason.VOLUNTEER_LEFT, today=max(today, match.proposed_on))
            ended.append(match)
        self.deactivated_on = today
        self.deactivation_reason = reason
        self.events.append(
            events.VolunteerDeactivated(
                volunteer_id=self.id,
                kind=self.kind,
                organisation_id=self.organisation_id,
                deactivated_on=today,
                reason=reason,
                matches_ended=len(ended),
            )
        )
        return ended

    def record_certificate_seen(self, seen: vetting.CertificateSeen, *, today: date) -> None:
        """A police certificate was shown: record that, by whom and when; never the document."""
        self._require_active()
        vetting.check_certificate_record(seen, today=today)
        self.certificate = seen
        self.version += 1
        self.events.append(
            events.VolunteerVetted(volunteer_id=self.id, seen_on=seen.seen_on, grounds=seen.grounds)
        )

    def record_training(self, code: str, completed_on: date, *, today: date) -> None:
        self._require_active()
        if completed_on > today:
            raise Invalid("The training is completed in the future.", code="training-in-future")
        self.trainings[code] = completed_on
        self.version += 1

    def eligibility(self, task: TaskRequirements, *, today: date) -> list[vetting.Missing]:
        return vetting.missing_for(
            roles=self.roles,
            trainings=self.trainings,
            certificate=self.certificate,
            task=task,
            today=today,
        )

    @property
    def is_bridge_builder(self) -> bool:
        return self.kind is VolunteerKind.BRIDGE_BUILDER


def _check_profile(
    *,
    kind: VolunteerKind,
    bridge: BridgeBuilderTerms | None,
    languages: Sequence[str],
    availability: Sequence[str],
    roles: Sequence[Role],
    max_matches: int,
) -> None:
    """The rules a volunteer's profile keeps, at registration and at every change."""
    if not roles:
        raise Invalid("Say which roles the volunteer takes.", code="roles-required")
    if not 1 <= max_matches <= 10:
        raise Invalid("A volunteer takes 1 to 10 matches at a time.", code="max-matches")
    unknown = sorted(set(availability) - set(AVAILABILITY))
    if unknown:
        raise Invalid(f"Unknown availability codes: {', '.join(unknown)}.", code="availability")
    if kind is VolunteerKind.BRIDGE_BUILDER:
        if bridge is None:
            raise Invalid(
                "A bridge-builder needs its engagement (paid, practice or voluntary).",
                code="bridge-builder-terms",
            )
        if len(set(languages)) < 2:
            raise Invalid(
                "A bridge-builder speaks at least two languages.", code="bridge-builder-bilingual"
            )
    else:
        if bridge is not None:
            raise Invalid("Only bridge-builders have an engagement.", code="bridge-builder-terms")
        if Role.BRIDGE_BUILDER in roles:
            raise Invalid(
                "Only a bridge-builder takes the bridge-builder role.", code="bridge-builder-role"
            )
