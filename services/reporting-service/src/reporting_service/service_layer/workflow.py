"""The work queue's commands and their handlers: ``handler(command, uow)``, loading the
alert in the caller's municipality, applying the rule, storing it. They neither commit
nor read the system's time: ``uow.clock`` is the one clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from reporting_service.domain.workflow import Actor, AlertCase
from reporting_service.service_layer.unit_of_work import ReportingUnitOfWork


@dataclass(frozen=True, kw_only=True)
class AlertCommand:
    alert_id: UUID
    municipality: str
    actor: Actor
    expected_version: int


@dataclass(frozen=True, kw_only=True)
class AcknowledgeAlert(AlertCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class TakeAlert(AlertCommand):
    """Assign the alert to the person who acts."""


@dataclass(frozen=True, kw_only=True)
class CommentOnAlert(AlertCommand):
    text: str


@dataclass(frozen=True, kw_only=True)
class SnoozeAlert(AlertCommand):
    until: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class CloseAlert(AlertCommand):
    reason: str


async def _load(command: AlertCommand, uow: ReportingUnitOfWork) -> AlertCase:
    return await uow.alerts.get(command.alert_id, municipality=command.municipality, lock=True)


async def acknowledge_alert(command: AcknowledgeAlert, uow: ReportingUnitOfWork) -> UUID:
    alert = await _load(command, uow)
    alert.acknowledge(
        by=command.actor, at=uow.clock.now(), expected_version=command.expected_version
    )
    await uow.alerts.save(alert)
    return alert.id


async def take_alert(command: TakeAlert, uow: ReportingUnitOfWork) -> UUID:
    alert = await _load(command, uow)
    alert.assign(to=command.actor, at=uow.clock.now(), expected_version=command.expected_version)
    await uow.alerts.save(alert)
    return alert.id


async def comment_on_alert(command: CommentOnAlert, uow: ReportingUnitOfWork) -> UUID:
    alert = await _load(command, uow)
    alert.comment(
        by=command.actor,
        at=uow.clock.now(),
        expected_version=command.expected_version,
        text=command.text,
    )
    await uow.alerts.save(alert)
    return alert.id


async def snooze_alert(command: SnoozeAlert, uow: ReportingUnitOfWork) -> UUID:
    alert = await _load(command, uow)
    alert.snooze(
        by=command.actor,
        at=uow.clock.now(),
        expected_version=command.expected_version,
        until=command.until,
        today=uow.clock.today(),
        reason=command.reason,
    )
    await uow.alerts.save(alert)
    return alert.id


async def close_alert(command: CloseAlert, uow: ReportingUnitOfWork) -> UUID:
    alert = await _load(command, uow)
    alert.close(
        by=command.actor,
        at=uow.clock.now(),
        expected_version=command.expected_version,
        reason=command.reason,
    )
    await uow.alerts.save(alert)
    return alert.id
