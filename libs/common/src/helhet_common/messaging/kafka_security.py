"""TLS and SASL for every Kafka client, from settings alone.

:func:`client_security_kwargs` turns the ``KAFKA_SECURITY_PROTOCOL``, ``KAFKA_SSL_*`` and
``KAFKA_SASL_*`` settings into the keyword arguments that ``AIOKafkaProducer``,
``AIOKafkaConsumer`` and ``AIOKafkaAdminClient`` take; ``make_producer``,
``make_consumer`` and ``make_admin`` pass them on, so no call site configures security
itself. The default, ``PLAINTEXT``, adds nothing (the embedded Tansu broker and tests).

Supported:

- ``SSL``: TLS, the broker verified against ``KAFKA_SSL_CAFILE`` (or the system's CAs),
  and mutual TLS when ``KAFKA_SSL_CERTFILE``/``KAFKA_SSL_KEYFILE`` name a client
  certificate (Strimzi's ``tls`` authentication).
- ``SASL_SSL`` (and ``SASL_PLAINTEXT``, for tests only) with ``SCRAM-SHA-512``,
  ``SCRAM-SHA-256`` or ``PLAIN`` (``KAFKA_SASL_USERNAME``, ``KAFKA_SASL_PASSWORD``), or
  ``OAUTHBEARER`` with the OAuth 2.0 client-credentials grant against
  ``KAFKA_SASL_OAUTH_TOKEN_URL`` (``KAFKA_SASL_OAUTH_CLIENT_ID``,
  ``KAFKA_SASL_OAUTH_CLIENT_SECRET``, optional ``KAFKA_SASL_OAUTH_SCOPE``).
"""

from __future__ import annotations

import asyncio
import ssl
import time
from typing import Any

import httpx
from aiokafka.abc import AbstractTokenProvider
from aiokafka.helpers import create_ssl_context

from helhet_common.settings import ServiceSettings

__all__ = ["OAuthClientCredentials", "client_security_kwargs", "kafka_ssl_context"]

# Renew a token this long before it expires.
TOKEN_RENEW_MARGIN_S = 60.0


def kafka_ssl_context(settings: ServiceSettings) -> ssl.SSLContext | None:
    """The TLS context for the broker connections, or ``None`` without TLS."""
    if not settings.kafka_security_protocol.endswith("SSL"):
        return None
    password = settings.kafka_ssl_key_password
    context: ssl.SSLContext = create_ssl_context(
        cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None,
        certfile=str(settings.kafka_ssl_certfile) if settings.kafka_ssl_certfile else None,
        keyfile=str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None,
        password=password.get_secret_value() if password else None,
    )
    context.check_hostname = settings.kafka_ssl_check_hostname
    return context


def client_security_kwargs(settings: ServiceSettings) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client: security protocol, TLS, SASL."""
    protocol = settings.kafka_security_protocol
    kwargs: dict[str, Any] = {"security_protocol": protocol}
    context = kafka_ssl_context(settings)
    if context is not None:
        kwargs["ssl_context"] = context
    if protocol.startswith("SASL"):
        mechanism = settings.kafka_sasl_mechanism
        kwargs["sasl_mechanism"] = mechanism
        if mechanism == "OAUTHBEARER":
            kwargs["sasl_oauth_token_provider"] = OAuthClientCredentials.from_settings(settings)
        else:
            password = settings.kafka_sasl_password
            kwargs["sasl_plain_username"] = settings.kafka_sasl_username
            kwargs["sasl_plain_password"] = password.get_secret_value() if password else None
    return kwargs


class OAuthClientCredentials(AbstractTokenProvider):  # type: ignore[misc]
    """OAUTHBEARER tokens from an OAuth 2.0 token endpoint (client-credentials grant).

    One token is fetched and reused until shortly before it expires; concurrent
    connections wait for the same request.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        timeout_s: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._token_url = token_url
        self._form = {"grant_type": "client_credentials"} | ({"scope": scope} if scope else {})
        self._auth = (client_id, client_secret)
        self._timeout_s = timeout_s
        self._transport = transport
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> OAuthClientCredentials:
        secret = settings.kafka_sasl_oauth_client_secret
        return cls(
            settings.kafka_sasl_oauth_token_url or "",
            settings.kafka_sasl_oauth_client_id or "",
            secret.get_secret_value() if secret else "",
            scope=settings.kafka_sasl_oauth_scope,
        )

    async def token(self) -> str:
        async with self._lock:
            if self._token is None or time.monotonic() >= self._expires_at:
                async with httpx.AsyncClient(
                    timeout=self._timeout_s, transport=self._transport
                ) as client:
                    response = await client.post(self._token_url, data=self._form, auth=self._auth)
                response.raise_for_status()
                answer = response.json()
                self._token = str(answer["access_token"])
                lifetime = float(answer.get("expires_in", 300))
                self._expires_at = time.monotonic() + max(lifetime - TOKEN_RENEW_MARGIN_S, 1.0)
            return self._token
