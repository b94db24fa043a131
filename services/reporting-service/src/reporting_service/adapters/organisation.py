"""Organisation models from configuration: JSON files validated with pydantic.

The shipped models live in ``reporting_service/organisation_models/`` (one file per
municipality, plus templates); a deployment may add or replace models with files in
``REPORTING_ORGANISATION_MODELS_DIR``. Loading validates every file and fails with one
clear error naming the file, the line and the field of each problem.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from helhet_common.municipalities import is_known
from reporting_service.domain.alerts import RULES_BY_ID
from reporting_service.domain.organisation import (
    RESPONSIBILITIES,
    Agreement,
    AgreementStatus,
    Assignment,
    Catalogue,
    OrganisationModel,
    Responsibility,
    Team,
    Unit,
)

SHIPPED = Path(__file__).resolve().parents[1] / "organisation_models"

UnitId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Kommunenummer = Annotated[str, Field(pattern=r"^\d{4}$")]


class OrganisationModelError(ValueError):
    """A model that does not validate; the message names file, line and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UnitConfig(_Strict):
    id: UnitId
    name: str = Field(min_length=1, max_length=200)
    kind: Literal[
        "nav", "refugee_service", "learning_centre", "municipal", "county", "volunteer", "other"
    ]
    digest_to: str | None = Field(
        default=None,
        max_length=254,
        pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$",
        description="the unit's shared mailbox for the daily digest of its work queue "
        "(never a person's own address); none: no digest",
    )


class AgreementConfig(_Strict):
    signed_on: date = Field(description="a year known only as a year is given as 1 January")
    status: Literal["in_force", "outdated", "expired"]
    names_owner: UnitId | None = Field(
        default=None, description="the owner the agreement names, where practice differs"
    )


class AssignmentConfig(_Strict):
    owner: UnitId | None = Field(description="null: no unit owns it (reported as a gap)")
    deliverers: list[UnitId] = []
    agreement: AgreementConfig | None = None


class TeamConfig(_Strict):
    name: str = Field(min_length=1, max_length=200)
    leader_role: str = Field(min_length=1, max_length=200, description="a role, never a name")
    members: list[UnitId] = []


class RuleOverride(_Strict):
    threshold: int | None = Field(default=None, ge=1, le=3650)
    severity: Literal["high", "medium", "low"] | None = Field(
        default=None, description="the work queue's order: high, medium or low"
    )
    source: str = ""


class OrganisationModelConfig(_Strict):
    municipality: Kommunenummer | None = None
    also_serves: list[Kommunenummer] = []
    template: bool = False
    name: str = Field(min_length=1, max_length=200)
    names: dict[Literal["nb", "nn", "en"], str] = Field(
        default={}, description="the name in the pages' languages; `name` where one is missing"
    )
    programme_owner: UnitId | None
    units: list[UnitConfig] = Field(min_length=1)
    responsibilities: dict[Responsibility, AssignmentConfig]
    team: TeamConfig | None = None
    gap_rules: dict[str, RuleOverride] = {}
    sources: list[str] = []

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
        if self.template and self.municipality is not None:
            problems.append("a template names no municipality")
        if not self.template and self.municipality is None:
            problems.append("municipality is required (or set template: true)")
        for number in [*([self.municipality] if self.municipality else []), *self.also_serves]:
            if not is_known(number):
                problems.append(f"unknown kommunenummer {number!r}")
        ids = [u.id for u in self.units]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append(f"unit ids used twice: {', '.join(duplicates)}")
        missing = [r.value for r in RESPONSIBILITIES if r not in self.responsibilities]
        if missing:
            problems.append(
                f"responsibilities missing: {', '.join(missing)} "
                "(give each one; owner null marks it unowned)"
            )
        known = set(ids)

        def check(where: str, unit: str | None) -> None:
            if unit is not None and unit not in known:
                problems.append(f"{where}: unit {unit!r} is not among the units")

        check("programme_owner", self.programme_owner)
        for responsibility, assignment in self.responsibilities.items():
            where = f"responsibilities.{responsibility.value}"
            check(f"{where}.owner", assignment.owner)
            for unit in assignment.deliverers:
                check(f"{where}.deliverers", unit)
            if assignment.agreement is not None:
                check(f"{where}.agreement.names_owner", assignment.agreement.names_owner)
        if self.team is not None:
            for unit in self.team.members:
                check("team.members", unit)
        for rule_id in self.gap_rules:
            rule = RULES_BY_ID.get(rule_id)
            if rule is None:
                problems.append(f"gap_rules: unknown rule {rule_id!r}")
            elif rule.default_threshold is None and self.gap_rules[rule_id].threshold is not None:
                problems.append(f"gap_rules.{rule_id}: this rule has no threshold")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def to_domain(self, key: str) -> OrganisationModel:
        return OrganisationModel(
            key=key,
            name=self.name,
            names={str(k): v for k, v in self.names.items()},
            municipalities=tuple(
                [*([self.municipality] if self.municipality else []), *self.also_serves]
            ),
            programme_owner=self.programme_owner,
            units=tuple(Unit(u.id, u.name, u.kind, u.digest_to) for u in self.units),
            assignments={
                r: Assignment(
                    responsibility=r,
                    owner=a.owner,
                    deliverers=tuple(a.deliverers),
                    agreement=Agreement(
                        a.agreement.signed_on,
                        AgreementStatus(a.agreement.status),
                        a.agreement.names_owner,
                    )
                    if a.agreement
                    else None,
                )
                for r, a in self.responsibilities.items()
            },
            team=Team(self.team.name, self.team.leader_role, tuple(self.team.members))
            if self.team
            else None,
            thresholds={
                rule: o.threshold for rule, o in self.gap_rules.items() if o.threshold is not None
            },
            severities={
                rule: o.severity for rule, o in self.gap_rules.items() if o.severity is not None
            },
            template=self.template,
        )


def _line_of(text: str, location: tuple[int | str, ...]) -> int | None:
    """The line of the field at ``location``: each key searched after the previous one."""
    position, found = 0, False
    for part in location:
        if not isinstance(part, str) or part.startswith(("function-", "value_error")):
            continue
        at = text.find(f'"{part}"', position)
        if at < 0:
            break
        position, found = at, True
    return text.count("\n", 0, position) + 1 if found else None


def parse_model(text: str, name: str) -> OrganisationModel:
    """One model from its JSON text; ``name`` (the file name) is used in errors."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OrganisationModelError(
            f"organisation model {name}, line {exc.lineno}: not valid JSON: {exc.msg}"
        ) from None
    try:
        config = OrganisationModelConfig.model_validate(document)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"]) or "(model)"
            line = _line_of(text, tuple(error["loc"]))
            where = f"line {line}, " if line else ""
            lines.append(f"  {where}{field}: {error['msg']}")
        raise OrganisationModelError(
            f"organisation model {name} is invalid:\n" + "\n".join(lines)
        ) from None
    return config.to_domain(config.municipality or Path(name).stem)


def load_catalogue(extra_dir: Path | None = None) -> Catalogue:
    """The shipped models, then those in ``extra_dir`` (a file of the same name there
    replaces the shipped one). Two models claiming one municipality is an error."""
    files = {p.name: p for p in sorted(SHIPPED.glob("*.json"))}
    if extra_dir is not None:
        if not extra_dir.is_dir():
            raise OrganisationModelError(f"organisation models folder {extra_dir} does not exist")
        files.update({p.name: p for p in sorted(extra_dir.glob("*.json"))})
    models = [parse_model(path.read_text(encoding="utf-8"), name) for name, path in files.items()]
    claimed: dict[str, str] = {}
    for model in models:
        for number in model.municipalities:
            if number in claimed:
                raise OrganisationModelError(
                    f"municipality {number} has two organisation models: "
                    f"{claimed[number]} and {model.key}"
                )
            claimed[number] = model.key
    return Catalogue(tuple(models))


@cache
def catalogue(extra_dir: Path | None = None) -> Catalogue:
    """The loaded catalogue, once per process."""
    return load_catalogue(extra_dir)
