"""Configuration: one pydantic-settings class per service, built on a shared base.

Nothing else in the code base reads ``os.environ``. Fields shared by every service
(broker, auth, telemetry) read fixed environment names so that one variable points the
whole platform somewhere else, e.g. ``KAFKA_BOOTSTRAP_SERVERS``. Service fields read
``<PREFIX>_<FIELD>``, e.g. ``PLAN_DATABASE_URL``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_HOME = Path("var")


def _shared(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class ServiceSettings(BaseSettings):
    """Settings every Helhet service has. Subclass once per service."""

    model_config = SettingsConfigDict(
        env_prefix="HELHET_", extra="ignore", validate_by_name=True, validate_by_alias=True
    )

    service_name: str = "helhet"
    environment: Literal["development", "test", "production"] = Field(
        "development", validation_alias=_shared("HELHET_ENVIRONMENT")
    )
    home: Path = Field(DEFAULT_HOME, validation_alias=_shared("HELHET_HOME"))
    database_url: str = ""
    db_pool_size: int = 5
    db_echo: bool = False

    # Broker. Tansu (the embedded default) supports neither idempotent nor transactional
    # producers, so both stay off unless a real Kafka is configured.
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=_shared("KAFKA_BOOTSTRAP_SERVERS")
    )
    kafka_enable_idempotence: bool = Field(
        False, validation_alias=_shared("KAFKA_ENABLE_IDEMPOTENCE")
    )
    kafka_topic_partitions: int = Field(3, validation_alias=_shared("KAFKA_TOPIC_PARTITIONS"))
    kafka_replication_factor: int = Field(1, validation_alias=_shared("KAFKA_REPLICATION_FACTOR"))
    kafka_request_timeout_ms: int = Field(
        10_000, validation_alias=_shared("KAFKA_REQUEST_TIMEOUT_MS")
    )

    # Outbox relay.
    outbox_batch_size: int = 500
    outbox_poll_interval_s: float = 0.05
    outbox_retention_hours: float = 24 * 7
    outbox_max_backoff_s: float = 30.0

    # Consumer runner.
    consumer_max_records: int = 500
    consumer_max_attempts: int = 3
    consumer_group: str = ""
    # Tansu answers a group's first JoinGroup after about half the session timeout, so
    # a short timeout starts consumers fast; raise it for a real Kafka under load.
    consumer_session_timeout_ms: int = Field(
        6_000, validation_alias=_shared("KAFKA_CONSUMER_SESSION_TIMEOUT_MS")
    )
    # A running consumer writes its heartbeat row this often (and after each batch); the
    # api of a service with a consumer is not ready once the last beat is older than
    # ``consumer_stale_after_s`` (see ``helhet_common.messaging.heartbeat``).
    consumer_heartbeat_interval_s: float = 5.0
    consumer_stale_after_s: float = 30.0

    # Authentication. A JWKS URL in production, a local key file in development.
    jwks_url: str | None = Field(None, validation_alias=_shared("HELHET_JWKS_URL"))
    jwks_file: Path | None = Field(None, validation_alias=_shared("HELHET_JWKS_FILE"))
    jwt_issuer: str = Field("helhet-dev", validation_alias=_shared("HELHET_JWT_ISSUER"))
    jwt_audience: str = Field("helhet", validation_alias=_shared("HELHET_JWT_AUDIENCE"))

    # Observability.
    log_level: str = Field("INFO", validation_alias=_shared("LOG_LEVEL"))
    log_json: bool = Field(True, validation_alias=_shared("LOG_JSON"))
    otlp_endpoint: str | None = Field(None, validation_alias=_shared("OTEL_EXPORTER_OTLP_ENDPOINT"))

    # HTTP. Relays and consumers serve /metrics on ``metrics_port`` (0: not served).
    host: str = "127.0.0.1"
    port: int = 8000
    metrics_port: int = 0

    @property
    def resolved_database_url(self) -> str:
        """The database URL; the embedded default is a SQLite file under ``home``."""
        if self.database_url:
            return self.database_url
        short = self.service_name.removesuffix("-service")
        return f"sqlite+aiosqlite:///{self.home / f'{short}.db'}"

    @property
    def resolved_jwks_file(self) -> Path:
        return self.jwks_file or self.home / "dev-keys" / "jwks.json"

    @property
    def resolved_consumer_group(self) -> str:
        return self.consumer_group or self.service_name

    @property
    def source(self) -> str:
        """CloudEvents ``source`` of events this service publishes."""
        return f"/helhet/{self.service_name}"
