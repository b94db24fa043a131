"""The work queue's handlers (``service_layer.workflow``) on fakes, and the rules of an
alert's workflow (``domain.workflow``) they apply."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from helhet_common.clock import FixedClock
from helhet_common.domain_errors import Conflict, Invalid, NotFound, StaleVersion
from reporting_service.domain.alerts import RULES_BY_ID, Severity
from reporting_service.domain.organisation import OrganisationModel
from reporting_service.domain.workflow import (
    TEXT_MAX,
    Action,
    Actor,
    AlertCase,
    AlertClosed,
    age_in_days,
)
from reporting_service.service_layer import workflow

from .fakes import FakeReportingUnitOfWork

TODAY = date(2026, 9, 2)
HAMAR = "3403"
KARI = Actor("kari", "Kari Nordmann")


@pytest.fixture
def uow() -> FakeReportingUnitOfWork:
    return FakeReportingUnitOfWork(clock=FixedClock(TODAY))


def an_alert(uow: FakeReportingUnitOfWork, **fields: Any) -> AlertCase:
    return uow.alerts.put(AlertCase(id=uuid4(), municipality=HAMAR, version=1, **fields))


def command(kind: type[Any], alert: AlertCase, version: int = 1, **fields: Any) -> Any:
    return kind(
        alert_id=alert.id, municipality=HAMAR, actor=KARI, expected_version=version, **fields
    )


async def test_taking_an_alert_assigns_and_acknowledges_it(uow: FakeReportingUnitOfWork) -> None:
    alert = an_alert(uow)

    await uow.run(workflow.take_alert, command(workflow.TakeAlert, alert))

    stored = uow.alerts.stored(alert.id)
    assert (stored.assignee, stored.version) == (KARI, 2)
    assert stored.acknowledged_at == uow.clock.now()
    [entry] = uow.alerts.history
    assert (entry.action, entry.actor, entry.version) == (Action.ASSIGNED, KARI, 2)


async def test_each_action_is_one_entry_and_one_version(uow: FakeReportingUnitOfWork) -> None:
    alert = an_alert(uow)

    await uow.run(workflow.acknowledge_alert, command(workflow.AcknowledgeAlert, alert))
    await uow.run(
        workflow.comment_on_alert, command(workflow.CommentOnAlert, alert, 2, text=" Ringte. ")
    )
    await uow.run(
        workflow.snooze_alert,
        command(workflow.SnoozeAlert, alert, 3, until=TODAY + timedelta(days=7), reason="Tolk"),
    )
    await uow.run(workflow.close_alert, command(workflow.CloseAlert, alert, 4, reason="Ordnet"))

    assert [(e.action, e.version, e.text) for e in uow.alerts.history] == [
        (Action.ACKNOWLEDGED, 2, None),
        (Action.COMMENTED, 3, "Ringte."),
        (Action.SNOOZED, 4, "Tolk"),
        (Action.CLOSED, 5, "Ordnet"),
    ]
    stored = uow.alerts.stored(alert.id)
    assert (stored.version, stored.closed_by, stored.snoozed_until) == (
        5,
        "kari",
        TODAY + timedelta(days=7),
    )


@pytest.mark.parametrize("until", [TODAY, TODAY - timedelta(days=1)])
async def test_a_snooze_must_end_after_today(uow: FakeReportingUnitOfWork, until: date) -> None:
    alert = an_alert(uow)

    with pytest.raises(Invalid) as refused:
        await uow.run(
            workflow.snooze_alert, command(workflow.SnoozeAlert, alert, until=until, reason="x")
        )

    assert refused.value.code == "snooze-not-in-future"
    assert uow.alerts.history == []
    assert uow.alerts.stored(alert.id).version == 1


async def test_a_stale_version_is_refused(uow: FakeReportingUnitOfWork) -> None:
    alert = an_alert(uow, acknowledged_at=datetime(2026, 9, 1, tzinfo=UTC))

    with pytest.raises(StaleVersion):
        await uow.run(workflow.take_alert, command(workflow.TakeAlert, alert, version=3))

    assert uow.alerts.history == []


async def test_nothing_can_be_done_with_a_closed_alert(uow: FakeReportingUnitOfWork) -> None:
    alert = an_alert(uow, closed_at=datetime(2026, 9, 1, tzinfo=UTC))

    with pytest.raises(AlertClosed) as refused:
        await uow.run(workflow.close_alert, command(workflow.CloseAlert, alert, reason="Igjen"))

    assert isinstance(refused.value, Conflict)
    assert refused.value.code == "alert-closed"


async def test_another_municipalitys_alert_is_not_found(uow: FakeReportingUnitOfWork) -> None:
    alert = uow.alerts.put(AlertCase(id=uuid4(), municipality="3407", version=1))

    with pytest.raises(NotFound) as refused:
        await uow.run(workflow.acknowledge_alert, command(workflow.AcknowledgeAlert, alert))

    assert refused.value.code == "alert-not-found"


@pytest.mark.parametrize(
    ("text", "code"),
    [("   ", "comment-empty"), ("x" * (TEXT_MAX + 1), "comment-too-long")],
)
async def test_a_comment_is_not_blank_nor_too_long(
    uow: FakeReportingUnitOfWork, text: str, code: str
) -> None:
    alert = an_alert(uow)

    with pytest.raises(Invalid) as refused:
        await uow.run(workflow.comment_on_alert, command(workflow.CommentOnAlert, alert, text=text))

    assert refused.value.code == code


def test_age_counts_from_the_gap_or_else_from_the_opening() -> None:
    opened = datetime(2026, 8, 31, 23, 30, tzinfo=UTC)  # 1 September in Norway

    assert age_in_days(date(2026, 5, 2), opened, TODAY) == 123
    assert age_in_days(None, opened, TODAY) == 1
    assert age_in_days(date(2026, 9, 5), opened, TODAY) == 0


def test_a_model_changes_a_rules_severity() -> None:
    rule = RULES_BY_ID["plan-not-reviewed"]
    model = OrganisationModel(
        key="3403",
        name="Hamar",
        municipalities=("3403",),
        programme_owner=None,
        units=(),
        assignments={},
        team=None,
        severities={"plan-not-reviewed": "high"},
    )

    assert rule.default_severity is Severity.MEDIUM
    assert rule.severity(None) is Severity.MEDIUM
    assert rule.severity(model) is Severity.HIGH
    assert RULES_BY_ID["no-plan-after-programme-start"].severity(model) is Severity.HIGH
    assert RULES_BY_ID["placement-outside-wishes"].severity(model) is Severity.LOW
