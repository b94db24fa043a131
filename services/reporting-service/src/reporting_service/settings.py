"""reporting-service settings: the shared base, read from ``REPORTING_*`` variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from helhet_common.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore")

    service_name: str = "reporting-service"
    port: int = 8004
    organisation_models_dir: Path | None = Field(
        default=None,
        description="a folder of organisation-model JSON files added to the shipped ones",
    )
    alert_live_window_hours: int = Field(
        default=48,
        ge=1,
        description="the projection evaluates a participant's alerts only when one of its "
        "events in the batch is younger than this; older events (a rebuild's replay, a "
        "long backlog) leave alerts to the daily evaluate-alerts clock",
    )
    # plan-service, which names the participants the pages show (display name, case
    # number, caseworker) at display time with the viewer's own token: reporting stores
    # no names (docs/decisions/0017). Empty: the pages show ids only.
    plan_url: str = Field(
        default="http://127.0.0.1:8001",
        description="plan-service's base URL, for the names on the pages",
    )
    # The other services' consumer groups the operations page shows besides its own
    # (their lag on the partitions they have committed).
    operations_groups: list[str] = Field(
        default=["plan-service", "placement-service", "volunteer-service"],
        description="the consumer groups the operations page shows besides reporting's",
    )
    # The other services' apis, whose outbox backlog the operations page shows (their
    # ``/health/outbox``, asked at once with ``status_timeout_s``); plan's is ``plan_url``.
    # Empty: that service's backlog is not asked for (shown as unknown).
    placement_url: str = Field(
        default="http://127.0.0.1:8002",
        description="placement-service's base URL, for its outbox backlog",
    )
    volunteer_url: str = Field(
        default="http://127.0.0.1:8003",
        description="volunteer-service's base URL, for its outbox backlog",
    )
    status_timeout_s: float = Field(
        default=0.15,
        gt=0,
        le=10,
        description="how long the operations page waits for another service's outbox backlog",
    )
    plan_timeout_s: float = Field(
        default=2.0, gt=0, le=30, description="how long a page waits for plan-service's names"
    )
