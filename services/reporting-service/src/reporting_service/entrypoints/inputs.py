"""Request bodies into commands: the work queue's actions (``service_layer.workflow``)."""

from __future__ import annotations

from uuid import UUID

from helhet_common.auth import Principal
from reporting_service.domain.workflow import Actor
from reporting_service.entrypoints import schemas
from reporting_service.service_layer import workflow


def actor(principal: Principal) -> Actor:
    """The person acting: the token's subject and display name."""
    return Actor(principal.sub, principal.display_name)


def acknowledge(
    alert_id: UUID, body: schemas.AlertVersion, principal: Principal
) -> workflow.AcknowledgeAlert:
    return workflow.AcknowledgeAlert(
        alert_id=alert_id,
        municipality=principal.municipality,
        actor=actor(principal),
        expected_version=body.version,
    )


def take(alert_id: UUID, body: schemas.AlertVersion, principal: Principal) -> workflow.TakeAlert:
    return workflow.TakeAlert(
        alert_id=alert_id,
        municipality=principal.municipality,
        actor=actor(principal),
        expected_version=body.version,
    )


def comment(
    alert_id: UUID, body: schemas.AlertComment, principal: Principal
) -> workflow.CommentOnAlert:
    return workflow.CommentOnAlert(
        alert_id=alert_id,
        municipality=principal.municipality,
        actor=actor(principal),
        expected_version=body.version,
        text=body.comment,
    )


def snooze(alert_id: UUID, body: schemas.AlertSnooze, principal: Principal) -> workflow.SnoozeAlert:
    return workflow.SnoozeAlert(
        alert_id=alert_id,
        municipality=principal.municipality,
        actor=actor(principal),
        expected_version=body.version,
        until=body.until,
        reason=body.reason,
    )


def close(alert_id: UUID, body: schemas.AlertClose, principal: Principal) -> workflow.CloseAlert:
    return workflow.CloseAlert(
        alert_id=alert_id,
        municipality=principal.municipality,
        actor=actor(principal),
        expected_version=body.version,
        reason=body.reason,
    )
