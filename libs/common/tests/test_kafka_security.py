"""Broker security from settings alone (every client built by helhet_common gets TLS
and SASL from the environment, and incomplete credentials stop the process at start),
and production settings that refuse silent fallbacks."""

from __future__ import annotations

import datetime as dt
import ssl
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import ValidationError

from helhet_common.messaging.kafka import make_admin, make_consumer, make_producer
from helhet_common.messaging.kafka_security import OAuthClientCredentials, client_security_kwargs
from helhet_common.settings import MissingSettingError, ServiceSettings


def _write_ca(path: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "helhet test CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def sasl_ssl_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ca = _write_ca(tmp_path / "ca.crt")
    for name, value in {
        "KAFKA_BOOTSTRAP_SERVERS": "kafka-0.example.internal:9093",
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": "placement-service",
        "KAFKA_SASL_PASSWORD": "s3cret-from-the-kafkauser-secret",
        "KAFKA_SSL_CAFILE": str(ca),
    }.items():
        monkeypatch.setenv(name, value)
    return ca


async def test_settings_alone_configure_sasl_ssl_on_every_client(sasl_ssl_env: Path) -> None:
    settings = ServiceSettings(service_name="placement-service")
    producer = make_producer(settings)
    consumer = make_consumer(settings, group_id="placement-service")
    admin = make_admin(settings)
    for client in (producer.client, consumer._client, admin._client):
        assert client._security_protocol == "SASL_SSL"
        assert client._sasl_mechanism == "SCRAM-SHA-512"
        assert client._sasl_plain_username == "placement-service"
        assert client._sasl_plain_password == "s3cret-from-the-kafkauser-secret"
        context = client._ssl_context
        assert isinstance(context, ssl.SSLContext)
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname is True
        # The CA from KAFKA_SSL_CAFILE is the one trusted.
        assert any(
            ("commonName", "helhet test CA") in rdn
            for cert in context.get_ca_certs()
            for rdn in cert["subject"]
        )
    await admin.close()
    # The password never shows in the settings' repr (logs, tracebacks).
    assert "s3cret" not in repr(settings)


def test_plaintext_is_the_default_and_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAFKA_SECURITY_PROTOCOL", raising=False)
    assert client_security_kwargs(ServiceSettings()) == {"security_protocol": "PLAINTEXT"}


def test_mutual_tls_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ca = _write_ca(tmp_path / "ca.crt")
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SSL")
    monkeypatch.setenv("KAFKA_SSL_CAFILE", str(ca))
    kwargs = client_security_kwargs(ServiceSettings())
    assert kwargs["security_protocol"] == "SSL"
    assert "sasl_mechanism" not in kwargs
    assert isinstance(kwargs["ssl_context"], ssl.SSLContext)


@pytest.mark.parametrize(
    ("mechanism", "missing"),
    [
        ("SCRAM-SHA-512", "KAFKA_SASL_PASSWORD"),
        ("OAUTHBEARER", "KAFKA_SASL_OAUTH_TOKEN_URL"),
    ],
)
def test_incomplete_sasl_credentials_fail_at_start(
    mechanism: str, missing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", mechanism)
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "plan-service")
    monkeypatch.delenv("KAFKA_SASL_PASSWORD", raising=False)
    with pytest.raises(ValidationError, match=missing):
        ServiceSettings()


async def test_oauthbearer_fetches_one_token_and_reuses_it() -> None:
    calls: list[httpx.Request] = []

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"access_token": f"token-{len(calls)}", "expires_in": 3600})

    provider = OAuthClientCredentials(
        "https://login.example.org/token",
        "reporting-service",
        "client-secret",
        scope="kafka",
        transport=httpx.MockTransport(token_endpoint),
    )
    assert await provider.token() == "token-1"
    assert await provider.token() == "token-1"
    assert len(calls) == 1
    body = calls[0].content.decode()
    assert "grant_type=client_credentials" in body
    assert "scope=kafka" in body
    assert calls[0].headers["authorization"].startswith("Basic ")


def test_oauthbearer_settings_give_a_token_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "OAUTHBEARER",
        "KAFKA_SASL_OAUTH_TOKEN_URL": "https://login.example.org/token",
        "KAFKA_SASL_OAUTH_CLIENT_ID": "plan-service",
        "KAFKA_SASL_OAUTH_CLIENT_SECRET": "x",
    }.items():
        monkeypatch.setenv(name, value)
    kwargs = client_security_kwargs(ServiceSettings())
    assert kwargs["sasl_mechanism"] == "OAUTHBEARER"
    assert isinstance(kwargs["sasl_oauth_token_provider"], OAuthClientCredentials)


# -- production refuses silent fallbacks -----------------------------------------------


def test_production_requires_a_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELHET_ENVIRONMENT", "production")
    settings = ServiceSettings()
    with pytest.raises(MissingSettingError, match="DATABASE_URL is required"):
        _ = settings.resolved_database_url
    monkeypatch.setenv("HELHET_ENVIRONMENT", "development")
    assert ServiceSettings().resolved_database_url.startswith("sqlite+aiosqlite:///")


def test_production_never_trusts_the_development_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELHET_ENVIRONMENT", "production")
    with pytest.raises(MissingSettingError, match="HELHET_JWKS_URL"):
        _ = ServiceSettings().resolved_jwks_file
