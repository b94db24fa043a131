"""Vetting as the law has it, and the tasks a volunteer may take.

- A police certificate (politiattest) may be required only for tasks involving minors or
  people with developmental disabilities. Only that it was seen is recorded (by whom,
  when, for which kind of task), never the document or its contents.
- A task's requirements decide whether a volunteer may take it: the role offered, the
  certificate when the law allows requiring one, and the training the role needs (host
  families must be trained, the research says).
- A bridge-builder or language supporter never replaces an interpreter in mapping talks
  or health checks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from helhet_common.domain_errors import Invalid
from volunteer_service.domain.codes import Role, Setting, Vulnerable

INTERPRETER_SETTINGS = frozenset({Setting.MAPPING_TALK, Setting.HEALTH_CHECK})
LANGUAGE_ROLES = frozenset({Role.BRIDGE_BUILDER, Role.LANGUAGE_SUPPORT})
ROLE_TRAINING: Mapping[Role, str] = {
    Role.HOST_FAMILY: "host_family_course",
    Role.MENTOR: "mentor_course",
}
# How long a seen certificate counts (a decision, not the law: organisations renew them).
CERTIFICATE_VALID_FOR = timedelta(days=3 * 365)


@dataclass(frozen=True)
class CertificateSeen:
    seen_on: date
    seen_by: str  # the ``sub`` of the coordinator who saw it
    grounds: frozenset[Vulnerable]

    def valid_on(self, day: date) -> bool:
        return self.seen_on <= day < self.seen_on + CERTIFICATE_VALID_FOR


@dataclass(frozen=True)
class TaskRequirements:
    role: Role
    setting: Setting = Setting.EVERYDAY
    involves_minors: bool = False
    involves_developmental_disabilities: bool = False

    @property
    def grounds(self) -> frozenset[Vulnerable]:
        grounds = set()
        if self.involves_minors:
            grounds.add(Vulnerable.MINORS)
        if self.involves_developmental_disabilities:
            grounds.add(Vulnerable.DEVELOPMENTAL_DISABILITIES)
        return frozenset(grounds)

    @property
    def police_certificate_required(self) -> bool:
        return bool(self.grounds)

    @property
    def training_required(self) -> str | None:
        return ROLE_TRAINING.get(self.role)


@dataclass(frozen=True)
class Missing:
    code: str
    message: str


def police_certificate_may_be_required(task: TaskRequirements) -> bool:
    """The law: only for tasks involving minors or people with developmental disabilities."""
    return task.police_certificate_required


def check_demand(task: TaskRequirements, *, demands_certificate: bool) -> None:
    """Refuse a task that demands a police certificate the law does not allow."""
    if demands_certificate and not police_certificate_may_be_required(task):
        raise Invalid(
            "A police certificate may be required only for tasks involving minors or people "
            "with developmental disabilities.",
            code="police-certificate-not-lawful",
        )


def check_certificate_record(seen: CertificateSeen, *, today: date) -> None:
    if seen.seen_on > today:
        raise Invalid("The certificate cannot be seen in the future.", code="seen-in-future")
    if not seen.grounds:
        raise Invalid(
            "Record a police certificate only for tasks involving minors or people with "
            "developmental disabilities: name which.",
            code="police-certificate-not-lawful",
        )


def missing_for(
    *,
    roles: Collection[Role],
    trainings: Mapping[str, date],
    certificate: CertificateSeen | None,
    task: TaskRequirements,
    today: date,
) -> list[Missing]:
    """What keeps a volunteer from a task (empty: they may take it)."""
    missing: list[Missing] = []
    if task.role not in roles:
        missing.append(Missing("role-not-offered", f"does not take the role {task.role.value}"))
    if task.police_certificate_required:
        if certificate is None:
            missing.append(
                Missing("police-certificate-missing", "no police certificate has been seen")
            )
        elif not certificate.valid_on(today):
            missing.append(
                Missing(
                    "police-certificate-outdated", "the police certificate was seen too long ago"
                )
            )
        elif not task.grounds <= certificate.grounds:
            missing.append(
                Missing(
                    "police-certificate-scope",
                    "the police certificate was not seen for this kind of task",
                )
            )
    training = task.training_required
    if training is not None and training not in trainings:
        missing.append(Missing("training-missing", f"has not done {training}"))
    return missing


def may_take(
    *,
    roles: Collection[Role],
    trainings: Mapping[str, date],
    certificate: CertificateSeen | None,
    task: TaskRequirements,
    today: date,
) -> bool:
    return not missing_for(
        roles=roles, trainings=trainings, certificate=certificate, task=task, today=today
    )


def check_not_interpreting(task: TaskRequirements, *, bridge_builder: bool) -> None:
    """A bridge-builder or language supporter never replaces an interpreter."""
    if task.setting in INTERPRETER_SETTINGS and (bridge_builder or task.role in LANGUAGE_ROLES):
        raise Invalid(
            f"A bridge-builder or language supporter never replaces an interpreter in a "
            f"{task.setting.value.replace('_', ' ')}: book a qualified interpreter.",
            code="interpreter-required",
        )
