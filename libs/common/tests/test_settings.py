from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from helhet_common.settings import ServiceSettings


class ExampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EXAMPLE_", extra="ignore")

    service_name: str = "example-service"


def test_embedded_default_is_a_sqlite_file_under_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/somewhere/else")  # the user's HOME is not Helhet's home
    settings = ExampleSettings()
    assert settings.home == Path("var")
    assert settings.resolved_database_url == "sqlite+aiosqlite:///var/example.db"
    assert ServiceSettings().home == Path("var")


def test_shared_variables_point_every_service_at_one_broker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("EXAMPLE_DATABASE_URL", "postgresql+asyncpg://h@db/example")
    monkeypatch.setenv("HELHET_JWKS_URL", "https://login.example.org/jwks")
    settings = ExampleSettings()
    assert settings.kafka_bootstrap_servers == "kafka:9092"
    assert settings.resolved_database_url == "postgresql+asyncpg://h@db/example"
    assert settings.jwks_url == "https://login.example.org/jwks"
    assert settings.kafka_enable_idempotence is False  # Tansu has no idempotent producer


def test_fields_can_be_set_by_name_in_code() -> None:
    settings = ExampleSettings(kafka_bootstrap_servers="b:1", home=Path("/tmp/h"))
    assert settings.kafka_bootstrap_servers == "b:1"
    assert settings.resolved_jwks_file == Path("/tmp/h/dev-keys/jwks.json")
    assert settings.source == "/helhet/example-service"


def test_the_cooperation_is_configured_once_for_every_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # By default Lillehammer serves Øyer and Gausdal (report 004).
    assert ExampleSettings().cooperation == {"3405": ["3440", "3441"]}
    monkeypatch.setenv("HELHET_COOPERATION", '{"3403": ["3412", "3415"]}')
    assert ExampleSettings().cooperation == {"3403": ["3412", "3415"]}
    monkeypatch.setenv("HELHET_COOPERATION", "{}")
    assert ExampleSettings().cooperation == {}


@pytest.mark.parametrize(
    "value",
    [
        '{"3405": ["344"]}',  # not a municipality number
        '{"3405": ["3440"], "3403": ["3440"]}',  # a partner of two hosts
        '{"3405": ["3403"], "3403": ["3412"]}',  # a host as another's partner
        '["3405"]',
    ],
)
def test_a_cooperation_that_cannot_be_stops_the_service(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HELHET_COOPERATION", value)
    with pytest.raises(ValidationError, match="HELHET_COOPERATION"):
        ExampleSettings()


def test_the_absence_codes_are_one_shared_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ExampleSettings().absence_codes == {}
    monkeypatch.setenv("HELHET_ABSENCE_CODES", '{"3403": {"kurs": "keeps"}}')
    assert ExampleSettings().absence_codes == {"3403": {"kurs": "keeps"}}
    monkeypatch.setenv("HELHET_ABSENCE_CODES", '{"3403": {"kurs": "pays_double"}}')
    with pytest.raises(ValidationError, match="HELHET_ABSENCE_CODES"):
        ExampleSettings()
