"""The alert work queue: what a person does with an alert, and the rules for it.

Plain Python. An open alert can be acknowledged, assigned (to the person who takes it),
commented on, snoozed until a day with a reason, and closed by hand with a reason; the
data still closes it when the gap closes (``domain.alerts``). Every action is a new
history entry, never an edit; the alert's current state (acknowledged, assignee,
snoozed until, closed) is kept in step with it. An action names the alert's version it
was based on: a version that changed meanwhile is refused (``StaleVersion``), as is any
action on a closed alert, a snooze to a day that is not after today, and a text that is
empty or too long. One action is one change: the repository stores it with its history
entry and bumps the version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from helhet_common.clock import OSLO
from helhet_common.domain_errors import Conflict, Invalid, StaleVersion

TEXT_MAX = 2000  # a comment or a reason, in characters
NAME_MAX = 200
CLOSED_BY_HAND = "closed_by_hand"  # the close reason code of an alert closed by a person


class Action(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    COMMENTED = "commented"
    SNOOZED = "snoozed"
    CLOSED = "closed"


@dataclass(frozen=True)
class Actor:
    """Who acts: the token's subject and display name, nothing else."""

    sub: str
    name: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    alert_id: UUID
    municipality: str
    action: Action
    actor: Actor
    at: datetime
    version: int
    text: str | None = None
    until: date | None = None


class AlertClosed(Conflict):
    code = "alert-closed"


@dataclass
class AlertCase:
    """An alert as the work queue sees it."""

    id: UUID
    municipality: str
    version: int
    closed_at: datetime | None = None
    acknowledged_at: datetime | None = None
    assignee: Actor | None = None
    snoozed_until: date | None = None
    closed_by: str | None = None
    history: list[HistoryEntry] = field(default_factory=list)  # added since loaded
    events: list[Any] = field(default_factory=list)  # reporting publishes none

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def _act(
        self,
        action: Action,
        *,
        by: Actor,
        at: datetime,
        expected_version: int,
        text: str | None = None,
        until: date | None = None,
    ) -> HistoryEntry:
        if not self.is_open:
            raise AlertClosed("The alert is closed; nothing more can be done with it.")
        if expected_version != self.version:
            raise StaleVersion(current=self.version, given=expected_version)
        if self.history:
            raise Conflict("One action at a time: store the alert first.")
        entry = HistoryEntry(
            alert_id=self.id,
            municipality=self.municipality,
            action=action,
            actor=by,
            at=at,
            version=self.version + 1,  # the repository bumps the version as it stores
            text=text,
            until=until,
        )
        self.history.append(entry)
        return entry

    def acknowledge(self, *, by: Actor, at: datetime, expected_version: int) -> None:
        self._act(Action.ACKNOWLEDGED, by=by, at=at, expected_version=expected_version)
        if self.acknowledged_at is None:
            self.acknowledged_at = at

    def assign(self, *, to: Actor, at: datetime, expected_version: int) -> None:
        """Assign to ``to`` (the person who takes it): assigning is acknowledging too."""
        self._act(Action.ASSIGNED, by=to, at=at, expected_version=expected_version)
        self.assignee = to
        if self.acknowledged_at is None:
            self.acknowledged_at = at

    def comment(self, *, by: Actor, at: datetime, expected_version: int, text: str) -> None:
        self._act(
            Action.COMMENTED,
            by=by,
            at=at,
            expected_version=expected_version,
            text=checked_text(text, "comment"),
        )

    def snooze(
        self,
        *,
        by: Actor,
        at: datetime,
        expected_version: int,
        until: date,
        today: date,
        reason: str,
    ) -> None:
        """Out of the queue up to and including the day before ``until``: it is back on
        ``until``, which must be after ``today`` (in Norway)."""
        reason = checked_text(reason, "reason")
        if until <= today:
            raise Invalid(
                f"A snooze must end after today ({today.isoformat()}).",
                code="snooze-not-in-future",
                until=until.isoformat(),
            )
        self._act(
            Action.SNOOZED,
            by=by,
            at=at,
            expected_version=expected_version,
            text=reason,
            until=until,
        )
        self.snoozed_until = until

    def close(self, *, by: Actor, at: datetime, expected_version: int, reason: str) -> None:
        reason = checked_text(reason, "reason")
        self._act(Action.CLOSED, by=by, at=at, expected_version=expected_version, text=reason)
        self.closed_at = at
        self.closed_by = by.sub


def checked_text(text: str, what: str) -> str:
    """A comment or reason: trimmed, not empty, at most ``TEXT_MAX`` characters."""
    text = text.strip()
    if not text:
        raise Invalid(f"The {what} is empty.", code=f"{what}-empty")
    if len(text) > TEXT_MAX:
        raise Invalid(
            f"The {what} is {len(text)} characters; at most {TEXT_MAX}.",
            code=f"{what}-too-long",
            max_length=TEXT_MAX,
        )
    return text


def age_in_days(since: date | None, opened: datetime, today: date) -> int:
    """How long the gap has been there: from when its condition became true (or, without
    one, from when the alert opened) to ``today``."""
    start = since or opened.astimezone(OSLO).date()
    return max((today - start).days, 0)
