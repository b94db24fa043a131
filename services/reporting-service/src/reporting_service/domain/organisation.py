"""The matrix organisation: which unit owns and which units deliver each link of the chain.

Plain Python. A model is loaded from validated configuration (``adapters/organisation``);
here it is only read: who owns a responsibility, which responsibilities nobody owns, and
where the unit that owns a responsibility in practice differs from the agreement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from helhet_common.responsibilities import RESPONSIBILITIES as RESPONSIBILITIES
from helhet_common.responsibilities import Responsibility as Responsibility


class AgreementStatus(StrEnum):
    IN_FORCE = "in_force"
    OUTDATED = "outdated"  # still applied, but older than the practice it describes
    EXPIRED = "expired"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str  # nav, refugee_service, learning_centre, municipal, county, volunteer, other
    digest_to: str | None = None  # the unit's shared mailbox for the daily digest


@dataclass(frozen=True)
class Agreement:
    signed_on: date
    status: AgreementStatus
    names_owner: str | None = None  # the owner the agreement names, where practice differs

    @property
    def covers(self) -> bool:
        return self.status is not AgreementStatus.EXPIRED


@dataclass(frozen=True)
class Assignment:
    responsibility: Responsibility
    owner: str | None
    deliverers: tuple[str, ...] = ()
    agreement: Agreement | None = None


@dataclass(frozen=True)
class Team:
    name: str
    leader_role: str  # a role title, never a person
    members: tuple[str, ...] = ()


class GapKind(StrEnum):
    UNOWNED = "unowned"
    OWNER_DIFFERS_FROM_AGREEMENT = "owner_differs_from_agreement"
    NO_AGREEMENT = "no_agreement"


@dataclass(frozen=True)
class ModelGap:
    responsibility: Responsibility
    kind: GapKind


@dataclass(frozen=True)
class OrganisationModel:
    key: str  # the municipality number, or a template's name
    name: str
    municipalities: tuple[str, ...]  # the municipality and those it serves (may be empty)
    programme_owner: str | None
    units: tuple[Unit, ...]
    assignments: Mapping[Responsibility, Assignment]
    team: Team | None
    thresholds: Mapping[str, int] = field(default_factory=dict)
    severities: Mapping[str, str] = field(default_factory=dict)  # rule id -> high|medium|low
    template: bool = False
    names: Mapping[str, str] = field(default_factory=dict)  # the name per language

    def name_in(self, lang: str) -> str:
        """The model's name in ``lang`` when it has one, else ``name``."""
        return self.names.get(lang) or self.name

    def unit(self, unit_id: str | None) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def owner(self, responsibility: Responsibility) -> str | None:
        assignment = self.assignments.get(responsibility)
        return assignment.owner if assignment is not None else None

    def unowned(self) -> list[Responsibility]:
        return [r for r in RESPONSIBILITIES if self.owner(r) is None]

    def gaps(self) -> list[ModelGap]:
        """Unowned responsibilities, owners that differ from the agreement, and owned
        responsibilities no agreement covers, in chain order."""
        found: list[ModelGap] = []
        for responsibility in RESPONSIBILITIES:
            assignment = self.assignments.get(responsibility)
            if assignment is None or assignment.owner is None:
                found.append(ModelGap(responsibility, GapKind.UNOWNED))
                continue
            agreement = assignment.agreement
            if agreement is None or not agreement.covers:
                found.append(ModelGap(responsibility, GapKind.NO_AGREEMENT))
            elif agreement.names_owner is not None and agreement.names_owner != assignment.owner:
                found.append(ModelGap(responsibility, GapKind.OWNER_DIFFERS_FROM_AGREEMENT))
        return found

    def route(self, responsibility: Responsibility) -> str | None:
        """The unit an alert about ``responsibility`` goes to: its owner, else the
        programme owner (who answers for the whole until someone owns the link)."""
        return self.owner(responsibility) or self.programme_owner


@dataclass(frozen=True)
class Catalogue:
    """Every loaded model; a municipality's model is found by its number."""

    models: tuple[OrganisationModel, ...]

    def for_municipality(self, municipality: str | None) -> OrganisationModel | None:
        if municipality is None:
            return None
        return next(
            (m for m in self.models if not m.template and municipality in m.municipalities),
            None,
        )

    def templates(self) -> list[OrganisationModel]:
        return [m for m in self.models if m.template]
