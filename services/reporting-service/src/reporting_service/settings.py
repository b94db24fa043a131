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
    # The daily digest of the work queue by mail (``reporting-service send-digest``): the
    # SMTP server (default: the local sink of ``make dev``), the sender, and the pages'
    # address for the links in it.
    smtp_host: str = Field(default="127.0.0.1", description="the SMTP server for the digest")
    smtp_port: int = Field(default=1025, ge=1, le=65535, description="its port")
    smtp_starttls: bool = Field(default=False, description="upgrade with STARTTLS (port 587)")
    smtp_tls: bool = Field(default=False, description="connect with TLS at once (port 465)")
    smtp_username: str | None = Field(default=None, description="log in as (optional)")
    smtp_password: str | None = Field(default=None, description="with this password")
    digest_from: str = Field(default="helhet@localhost", description="the digest's sender address")
    public_url: str = Field(
        default="http://127.0.0.1:8004",
        description="where people open the pages (the links in the digest)",
    )
    plan_timeout_s: float = Field(
        default=2.0, gt=0, le=30, description="how long a page waits for plan-service's names"
    )
