"""``helhet mail-sink``: the local SMTP server of ``make dev``, with a page to read what
was sent. ``aiosmtpd`` receives; the last ``SINK_KEEP`` messages are kept in memory and
shown at ``http://127.0.0.1:8025/`` (``/messages.json`` for scripts and tests); nothing
leaves the machine."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email.policy
import html
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser

import structlog
import uvicorn
from aiosmtpd.smtp import SMTP, Envelope, Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

__all__ = ["ReceivedMail", "Sink", "register", "sink_app", "start_sink_smtp"]

log = structlog.get_logger(__name__)

SINK_SMTP_PORT = 1025
SINK_HTTP_PORT = 8025
SINK_KEEP = 500


@dataclass(frozen=True)
class ReceivedMail:
    number: int
    received_at: datetime
    sender: str
    recipients: tuple[str, ...]
    subject: str
    text: str  # the plain-text part

    def public(self) -> dict[str, object]:
        return {
            "number": self.number,
            "received_at": self.received_at.isoformat(),
            "from": self.sender,
            "to": list(self.recipients),
            "subject": self.subject,
            "text": self.text,
        }


class Sink:
    """aiosmtpd's handler: every message received, the newest ``keep`` kept."""

    def __init__(self, keep: int = SINK_KEEP) -> None:
        self.messages: deque[ReceivedMail] = deque(maxlen=keep)
        self._count = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        data = raw if isinstance(raw, bytes) else raw.encode()
        parsed = BytesParser(policy=email.policy.default).parsebytes(data)
        body = (
            parsed.get_body(preferencelist=("plain",)) if isinstance(parsed, EmailMessage) else None
        )
        self._count += 1
        self.messages.append(
            ReceivedMail(
                number=self._count,
                received_at=datetime.now(UTC),
                sender=str(envelope.mail_from or ""),
                recipients=tuple(str(r) for r in envelope.rcpt_tos),
                subject=str(parsed.get("subject", "")),
                text=body.get_content().replace("\r\n", "\n") if body is not None else "",
            )
        )
        log.info("mail_received", number=self._count, recipients=len(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def sink_app(sink: Sink) -> Starlette:
    """The sink's page: the messages newest first, each readable as plain text."""

    async def index(request: Request) -> Response:
        rows = "".join(
            f"<tr><td>{m.number}</td><td>{m.received_at:%Y-%m-%d %H:%M:%S}</td>"
            f"<td>{html.escape(', '.join(m.recipients))}</td>"
            f'<td><a href="/messages/{m.number}">{html.escape(m.subject) or "(no subject)"}</a>'
            "</td></tr>"
            for m in reversed(sink.messages)
        )
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>Helhet mail sink</title></head><body><main>"
            "<h1>Mail sent in development</h1>"
            f"<p>{len(sink.messages)} message(s), newest first; nothing leaves this machine."
            ' <a href="/messages.json">JSON</a></p>'
            "<table><thead><tr><th>#</th><th>Received (UTC)</th><th>To</th><th>Subject</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></main></body></html>"
        )
        return HTMLResponse(page)

    async def one(request: Request) -> Response:
        number = request.path_params["number"]
        for message in sink.messages:
            if message.number == number:
                head = (
                    f"From: {message.sender}\nTo: {', '.join(message.recipients)}\n"
                    f"Subject: {message.subject}\n\n"
                )
                return PlainTextResponse(head + message.text)
        return PlainTextResponse("not found", status_code=404)

    async def listing(request: Request) -> Response:
        return JSONResponse([m.public() for m in sink.messages])

    return Starlette(
        routes=[
            Route("/", index),
            Route("/messages.json", listing),
            Route("/messages/{number:int}", one),
        ]
    )


async def start_sink_smtp(sink: Sink, host: str, port: int) -> asyncio.Server:
    """The SMTP side of the sink, listening in the running loop."""
    loop = asyncio.get_running_loop()
    return await loop.create_server(
        lambda: SMTP(sink, hostname="helhet-mail-sink", loop=loop), host, port
    )


async def run_sink(host: str, smtp_port: int, http_port: int) -> None:
    sink = Sink()
    smtp_server = await start_sink_smtp(sink, host, smtp_port)
    web = uvicorn.Server(uvicorn.Config(sink_app(sink), host=host, port=http_port, log_config=None))
    log.info("mail_sink_started", smtp=f"{host}:{smtp_port}", page=f"http://{host}:{http_port}/")
    try:
        await web.serve()
    finally:
        smtp_server.close()
        await smtp_server.wait_closed()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``mail-sink`` subcommand to the ``helhet`` command."""
    parser = subparsers.add_parser(
        "mail-sink",
        help="a local SMTP server that keeps what is sent, with a page to read it",
        description="Receive mail on --smtp-port and show it on --http-port until Ctrl-C.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--smtp-port", type=int, default=SINK_SMTP_PORT)
    parser.add_argument("--http-port", type=int, default=SINK_HTTP_PORT)
    parser.set_defaults(handler=_handler)


def _handler(args: argparse.Namespace) -> int:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_sink(args.host, args.smtp_port, args.http_port))
    return 0
