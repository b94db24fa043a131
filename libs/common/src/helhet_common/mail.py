"""E-mail over SMTP: ``send`` (the local sink of ``make dev`` is ``mail_sink``).

Sending uses the standard library (``smtplib`` and ``email``, run in a thread): the
services send a handful of mails from a daily job, so an asyncio client would buy
nothing and add a dependency (docs/decisions/0022).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

__all__ = ["MailServer", "send"]

# -- sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailServer:
    """Where mail is sent: ``starttls`` upgrades a plain connection (port 587), ``tls``
    connects with TLS at once (port 465); a username logs in after that."""

    host: str
    port: int
    starttls: bool = False
    tls: bool = False
    username: str | None = None
    password: str | None = None
    timeout_s: float = 30.0


def _send_now(server: MailServer, messages: Sequence[EmailMessage]) -> None:
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if server.tls:
        smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout_s, context=context)
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=server.timeout_s)
    with smtp:
        if server.starttls and not server.tls:
            smtp.starttls(context=context)
        if server.username:
            smtp.login(server.username, server.password or "")
        for message in messages:
            smtp.send_message(message)


async def send(server: MailServer, messages: Sequence[EmailMessage]) -> None:
    """Send ``messages`` over one connection (in a thread: ``smtplib`` blocks)."""
    if messages:
        await asyncio.to_thread(_send_now, server, messages)
