"""plan-service settings: the shared base, read from ``PLAN_*`` variables."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from helhet_common.settings import ServiceSettings


class PlanSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PLAN_", extra="ignore")

    service_name: str = "plan-service"
    port: int = 8001
