"""Configuration: one pydantic-settings class per service, built on a shared base.

Nothing else in the code base reads ``os.environ``. Fields shared by every service
(broker, auth, telemetry) read fixed environment names so that one variable points the
whole platform somewhere else, e.g. ``KAFKA_BOOTSTRAP_SERVERS``. Service fields read
``<PREFIX>_<FIELD>``, e.g. ``PLAN_DATABASE_URL``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from helhet_common.cooperation import DEFAULT_HOSTS, Cooperation

DEFAULT_HOME = Path("var")


class MissingSettingError(ValueError):
    """A setting that production requires is not set (raised at start-up)."""


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
    # Inter-municipal cooperation (helhet_common.cooperation): each host municipality's
    # partners, a JSON object in HELHET_COOPERATION (the same for every service); `{}`:
    # none. Default: Lillehammer serves Øyer and Gausdal (report 004).
    cooperation: dict[str, list[str]] = Field(
        default_factory=lambda: {h: list(p) for h, p in DEFAULT_HOSTS.items()},
        validation_alias=_shared("HELHET_COOPERATION"),
    )
    # Absence codes each municipality adds to the legal defaults, the same for every
    # service (helhet_common.absence_codes; docs/benefit.md): a JSON object in
    # HELHET_ABSENCE_CODES, e.g. {"3403": {"kurs": "keeps"}} (effects: keeps, reduces,
    # unpaid_leave).
    absence_codes: dict[str, dict[str, Literal["keeps", "reduces", "unpaid_leave"]]] = Field(
        default_factory=dict, validation_alias=_shared("HELHET_ABSENCE_CODES")
    )
    database_url: str = ""
    # The owner role's URL for `migrate` (DDL); the runtime's ``database_url`` may then
    # be a role that can only read and write rows. Empty: ``database_url``.
    migration_database_url: str = ""
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
    # Broker security (helhet_common.messaging.kafka_security): TLS and SASL for every
    # producer, consumer and admin client. PLAINTEXT only for Tansu and tests.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", validation_alias=_shared("KAFKA_SECURITY_PROTOCOL")
    )
    kafka_ssl_cafile: Path | None = Field(None, validation_alias=_shared("KAFKA_SSL_CAFILE"))
    kafka_ssl_certfile: Path | None = Field(None, validation_alias=_shared("KAFKA_SSL_CERTFILE"))
    kafka_ssl_keyfile: Path | None = Field(None, validation_alias=_shared("KAFKA_SSL_KEYFILE"))
    kafka_ssl_key_password: SecretStr | None = Field(
        None, validation_alias=_shared("KAFKA_SSL_KEY_PASSWORD")
    )
    kafka_ssl_check_hostname: bool = Field(
        True, validation_alias=_shared("KAFKA_SSL_CHECK_HOSTNAME")
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"] = Field(
        "SCRAM-SHA-512", validation_alias=_shared("KAFKA_SASL_MECHANISM")
    )
    kafka_sasl_username: str | None = Field(None, validation_alias=_shared("KAFKA_SASL_USERNAME"))
    kafka_sasl_password: SecretStr | None = Field(
        None, validation_alias=_shared("KAFKA_SASL_PASSWORD")
    )
    kafka_sasl_oauth_token_url: str | None = Field(
        None, validation_alias=_shared("KAFKA_SASL_OAUTH_TOKEN_URL")
    )
    kafka_sasl_oauth_client_id: str | None = Field(
        None, validation_alias=_shared("KAFKA_SASL_OAUTH_CLIENT_ID")
    )
    kafka_sasl_oauth_client_secret: SecretStr | None = Field(
        None, validation_alias=_shared("KAFKA_SASL_OAUTH_CLIENT_SECRET")
    )
    kafka_sasl_oauth_scope: str | None = Field(
        None, validation_alias=_shared("KAFKA_SASL_OAUTH_SCOPE")
    )

    # Outbox relay.
    outbox_batch_size: int = 500
    outbox_poll_interval_s: float = 0.05
    # An idle relay polls less often, doubling the wait up to this; on PostgreSQL a
    # commit that adds outbox rows wakes it at once (LISTEN/NOTIFY), so this only bounds
    # the delay when a notification is missed. On SQLite it is the worst-case delay of
    # the first row after a quiet spell.
    outbox_idle_poll_max_s: float = 1.0
    outbox_retention_hours: float = 24 * 7
    outbox_max_backoff_s: float = 30.0

    # Consumer runner.
    # Records per batch (one transaction). A backlog is read in batches this big, so one
    # participant's events are folded together and each touched row is written once per
    # batch; a trickle of live events is applied as it comes (the runner never waits to
    # fill a batch).
    consumer_max_records: int = 5_000
    consumer_max_attempts: int = 3
    consumer_group: str = ""
    # Tansu answers a group's first JoinGroup after about half the session timeout, so
    # a short timeout starts consumers fast; raise it for a real Kafka under load.
    consumer_session_timeout_ms: int = Field(
        6_000, validation_alias=_shared("KAFKA_CONSUMER_SESSION_TIMEOUT_MS")
    )
    # The longest a fetch waits at the broker for records. Kafka answers as soon as a
    # record arrives whatever this is; Tansu (the local and test broker) often holds a
    # fetch for most of it even when a record comes: at aiokafka's default of 500 ms
    # that was most of the time from a write to its being visible in a read model
    # (bench/load.py). 150 ms costs an idle consumer about 0.2 % of a core more than
    # 500 (more fetches while nothing comes).
    consumer_fetch_max_wait_ms: int = Field(
        150, ge=1, validation_alias=_shared("KAFKA_CONSUMER_FETCH_MAX_WAIT_MS")
    )
    # A batch must be applied within this time of its poll: past it the group counts the
    # consumer as gone and gives its partitions to another member, so the runner rolls
    # the batch back and polls again (a smaller batch) instead of committing it.
    consumer_max_poll_interval_ms: int = Field(
        300_000, validation_alias=_shared("KAFKA_CONSUMER_MAX_POLL_INTERVAL_MS")
    )
    # A running consumer writes its heartbeat row this often (and after each batch); the
    # api of a service with a consumer is not ready once the last beat is older than
    # ``consumer_stale_after_s`` (see ``helhet_common.messaging.heartbeat``).
    consumer_heartbeat_interval_s: float = 5.0
    consumer_stale_after_s: float = 30.0
    # ``prune-processed`` deletes processed-events rows older than this, counted back
    # from the consumer's last heartbeat (helhet_common.messaging.retention).
    consumer_processed_retention_days: float = Field(7.0, ge=1)
    # ``prune-idempotency``: stored responses keep their bodies this long (then only the
    # status, the request's hash and the id), and the keys are kept this many days.
    idempotency_body_hours: float = Field(24.0, gt=0)
    idempotency_keep_days: float = Field(30.0, ge=1)

    # Authentication. A JWKS URL in production, a local key file in development.
    jwks_url: str | None = Field(None, validation_alias=_shared("HELHET_JWKS_URL"))
    jwks_file: Path | None = Field(None, validation_alias=_shared("HELHET_JWKS_FILE"))
    jwt_issuer: str = Field("helhet-dev", validation_alias=_shared("HELHET_JWT_ISSUER"))
    jwt_audience: str = Field("helhet", validation_alias=_shared("HELHET_JWT_AUDIENCE"))
    # Trusted OpenID providers and their claim mappings (helhet_common.auth.issuers);
    # the one marked sign_in is what the pages sign in with.
    issuers_file: Path | None = Field(None, validation_alias=_shared("HELHET_ISSUERS_FILE"))
    # Encrypts the pages' session cookie; required in production when pages sign in
    # with an issuer. Outside production a per-process random key is used without it.
    session_secret: SecretStr | None = Field(
        None, validation_alias=_shared("HELHET_SESSION_SECRET")
    )
    # `/login?token=` (a pasted development token). None: on outside production when no
    # issuer is configured for page sign-in. Never on in production.
    dev_token_login: bool | None = Field(None, validation_alias=_shared("HELHET_DEV_TOKEN_LOGIN"))

    # Observability.
    log_level: str = Field("INFO", validation_alias=_shared("LOG_LEVEL"))
    log_json: bool = Field(True, validation_alias=_shared("LOG_JSON"))
    otlp_endpoint: str | None = Field(None, validation_alias=_shared("OTEL_EXPORTER_OTLP_ENDPOINT"))

    # HTTP. Relays, consumers and the api serve /metrics on ``metrics_port`` (0: not
    # served; the api then serves it on ``port`` outside production, see app.py).
    host: str = "127.0.0.1"
    port: int = 8000
    metrics_port: int = 0
    # The app's edge: a larger request body is a 413; a request that has not started
    # its response after this long is stopped with a 504 (0: no limit).
    http_max_body_bytes: int = Field(1024 * 1024, ge=0)
    http_request_timeout_s: float = Field(30.0, ge=0)

    @field_validator("cooperation")
    @classmethod
    def _cooperation(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        Cooperation.of(value)  # a number that is not a municipality's, a partner twice
        return value

    @model_validator(mode="after")
    def _kafka_credentials_complete(self) -> ServiceSettings:
        """SASL without its credentials fails at start-up, not at the first connection."""
        if not self.kafka_security_protocol.startswith("SASL"):
            return self
        if self.kafka_sasl_mechanism == "OAUTHBEARER":
            needed = {
                "KAFKA_SASL_OAUTH_TOKEN_URL": self.kafka_sasl_oauth_token_url,
                "KAFKA_SASL_OAUTH_CLIENT_ID": self.kafka_sasl_oauth_client_id,
                "KAFKA_SASL_OAUTH_CLIENT_SECRET": self.kafka_sasl_oauth_client_secret,
            }
        else:
            needed = {
                "KAFKA_SASL_USERNAME": self.kafka_sasl_username,
                "KAFKA_SASL_PASSWORD": self.kafka_sasl_password,
            }
        missing = [name for name, value in needed.items() if not value]
        if missing:
            raise ValueError(
                f"KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol} with "
                f"KAFKA_SASL_MECHANISM={self.kafka_sasl_mechanism} needs " + ", ".join(missing)
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL; the embedded default is a SQLite file under ``home``.

        In production there is no default: a missing ``<PREFIX>_DATABASE_URL`` stops the
        process at start-up instead of writing to a SQLite file in a container.
        """
        if self.database_url:
            return self.database_url
        if self.environment == "production":
            raise MissingSettingError(
                f"{self.model_config.get('env_prefix', '')}DATABASE_URL is required when "
                "HELHET_ENVIRONMENT=production (no SQLite fallback)"
            )
        short = self.service_name.removesuffix("-service")
        return f"sqlite+aiosqlite:///{self.home / f'{short}.db'}"

    @property
    def resolved_migration_database_url(self) -> str:
        """The URL ``migrate`` connects with: ``<PREFIX>_MIGRATION_DATABASE_URL`` (the
        database's owner role) or, without it, the database URL."""
        return self.migration_database_url or self.resolved_database_url

    @property
    def resolved_jwks_file(self) -> Path:
        """The JWKS file; in development the local issuer's keys under ``home``.

        In production the development keys are never used: without ``HELHET_JWKS_URL``
        or ``HELHET_JWKS_FILE`` the process stops at start-up.
        """
        if self.jwks_file:
            return self.jwks_file
        if self.environment == "production":
            raise MissingSettingError(
                "HELHET_JWKS_URL (or HELHET_JWKS_FILE) is required when "
                "HELHET_ENVIRONMENT=production (the development keys are never trusted there)"
            )
        return self.home / "dev-keys" / "jwks.json"

    @property
    def resolved_consumer_group(self) -> str:
        return self.consumer_group or self.service_name

    @property
    def source(self) -> str:
        """CloudEvents ``source`` of events this service publishes."""
        return f"/helhet/{self.service_name}"
