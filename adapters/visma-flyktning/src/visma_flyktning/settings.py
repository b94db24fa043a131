"""The adapter's settings: the one place that reads the environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class AdapterSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VISMA_FLYKTNING_", extra="ignore")

    plan_url: str = Field(default="http://127.0.0.1:8001", description="plan-service's base URL")
    token: SecretStr | None = Field(
        default=None,
        description="the bearer token the adapter calls plan-service with (a caseworker of "
        "the refugee service; in development `helhet token --role caseworker`)",
    )
    timeout_s: float = 30.0
    concurrency: int = Field(default=4, ge=1, le=32)
    attempts: int = Field(default=6, ge=1, le=20)
    batch_size: int = Field(
        default=100,
        ge=1,
        le=500,
        description="records per call to plan-service (1: one `PUT` per record)",
    )
    quarantine_dir: Path = Field(
        default=Path("var/visma-flyktning"), description="where the quarantine is kept"
    )
