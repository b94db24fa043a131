"""Fakes of reporting-service's repositories on ``helhet_common.testing.fakes``."""

from __future__ import annotations

from typing import Any

from helhet_common.testing.fakes import FakeRepository, FakeUnitOfWork
from reporting_service.domain.workflow import AlertCase, HistoryEntry


class FakeAlertCases(FakeRepository[AlertCase]):
    what = "alert"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.history: list[HistoryEntry] = []

    async def save(self, aggregate: AlertCase) -> None:
        """As the real one: the version bumped once, the history entry written apart."""
        entries, aggregate.history = list(aggregate.history), []
        await super().save(aggregate)
        self.history += entries


class FakeReportingUnitOfWork(FakeUnitOfWork):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.alerts = FakeAlertCases(self.seen)
