"""plan-service settings: the shared base, read from ``PLAN_*`` variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from helhet_common.settings import ServiceSettings


class PlanSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PLAN_", extra="ignore")

    service_name: str = "plan-service"
    port: int = 8001

    # Grunnbeløp values beyond those the code holds: {"2026-05-01": 135000} (kroner).
    grunnbelop: dict[str, int] = {}
    # The transition: the programme's last months, when the checklist and the hand-over
    # are open (docs/timetable.md; Lillehammer's agreement: three months).
    transition_months: int = Field(3, ge=1, le=12)

    # Erasure after the retention period (``plan-service erase-due``, docs/retention.md):
    # whole years after the programme ended or the participant moved away. No period in
    # law was found for the operational record (the archive keeps the case documents);
    # 5 years is this project's default, for the municipality (the controller) to set.
    erasure_after_years: int = Field(5, ge=1, le=100)
    # The access log kept this many years, then deleted (``plan-service prune-access-log``).
    access_log_keep_years: int = Field(5, ge=1, le=100)
    # The services whose answers ``GET /participants/{id}/personal-data/export`` gathers:
    # name -> base URL (the dev ports of the Procfile by default); an empty URL: not
    # configured (listed as missing in the export). PLAN_PEER_URLS='{"placement-service": ...}'
    peer_urls: dict[str, str] = {
        "placement-service": "http://127.0.0.1:8002",
        "volunteer-service": "http://127.0.0.1:8003",
        "reporting-service": "http://127.0.0.1:8004",
    }
    # How long the export waits for one service's answer.
    peer_timeout_s: float = Field(10.0, gt=0, le=120)
