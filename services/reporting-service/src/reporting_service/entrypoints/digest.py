"""The daily digest of the work queue: one mail per unit with a shared mailbox
(``digest_to`` in the organisation model), with counts and links only.

A digest never carries personal data: no participant, no id, no assignee's name, no
alert's text; it says how many alerts wait (by severity, not yet taken, new since
yesterday), since when the oldest gap, and links to the unit's queue, where the reader
signs in. Its texts come from the pages' catalogue (bokmål). See docs/alerts.md, "The
daily digest", and docs/decisions/0022.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlencode

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common import mail as mail_sending
from helhet_common.clock import SYSTEM_CLOCK, Clock
from helhet_common.db import create_engine, create_session_factory
from helhet_common.service import ServiceCommand
from reporting_service.adapters import queries
from reporting_service.adapters.organisation import catalogue
from reporting_service.domain.organisation import Catalogue, Unit
from reporting_service.entrypoints.pages.texts import Translator
from reporting_service.settings import ReportingSettings

log = structlog.get_logger(__name__)

EMPTY = queries.UnitQueue(0, 0, 0, 0, 0, 0, None)


@dataclass(frozen=True)
class Digest:
    municipality: str
    unit: Unit
    counts: queries.UnitQueue
    subject: str
    text: str


def compose(
    unit: Unit,
    counts: queries.UnitQueue,
    *,
    municipality: str,
    today: date,
    public_url: str,
    t: Translator,
) -> Digest:
    base = public_url.rstrip("/")
    lines = [
        t("digest.intro", unit=unit.name, day=t.day(today)),
        "",
        t("digest.waiting", n=counts.waiting),
    ]
    if counts.waiting:
        lines += [
            "  " + t("digest.high", n=counts.high),
            "  " + t("digest.medium", n=counts.medium),
            "  " + t("digest.low", n=counts.low),
            t("digest.unassigned", n=counts.unassigned),
            t("digest.new", n=counts.new),
        ]
        if counts.oldest_since is not None:
            days = (today - counts.oldest_since).days
            lines.append(t("digest.oldest", day=t.day(counts.oldest_since), n=days, count=days))
    lines += [
        "",
        t("digest.queue_link", url=f"{base}/queue?{urlencode({'unit': unit.id})}"),
        t(
            "digest.high_link",
            url=f"{base}/queue?{urlencode({'unit': unit.id, 'severity': 'high'})}",
        ),
        "",
        t("digest.footer"),
    ]
    return Digest(
        municipality=municipality,
        unit=unit,
        counts=counts,
        subject=t("digest.subject", n=counts.waiting, unit=unit.name, day=t.day(today)),
        text="\n".join(lines) + "\n",
    )


async def digests(
    session: AsyncSession,
    catalogue: Catalogue,
    *,
    today: date,
    now: datetime,
    public_url: str,
) -> list[Digest]:
    """One digest per unit with a mailbox, of every municipality with a model."""
    t = Translator("nb")
    found: list[Digest] = []
    for model in catalogue.models:
        addressed = [u for u in model.units if u.digest_to]
        if model.template or not model.municipalities or not addressed:
            continue
        municipality = model.municipalities[0]
        counts = await queries.queue_counts(session, municipality, today, now - timedelta(days=1))
        found += [
            compose(
                unit,
                counts.get(unit.id, EMPTY),
                municipality=municipality,
                today=today,
                public_url=public_url,
                t=t,
            )
            for unit in addressed
        ]
    return found


def message(digest: Digest, *, sender: str, now: datetime) -> EmailMessage:
    """The digest as a plain-text mail to the unit's mailbox."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = digest.unit.digest_to or ""
    mail["Subject"] = digest.subject
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = make_msgid(domain="helhet")
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to it
    mail.set_content(digest.text)
    return mail


def messages(found: Sequence[Digest], *, sender: str, now: datetime) -> list[EmailMessage]:
    return [message(d, sender=sender, now=now) for d in found]


# -- the command ----------------------------------------------------------------------------


async def send_digest(settings: ReportingSettings, args: argparse.Namespace) -> None:
    await send_digest_on(settings, day=args.date, dry_run=args.dry_run)


async def send_digest_on(
    settings: ReportingSettings,
    *,
    day: date | None = None,
    dry_run: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> list[Digest]:
    """Every unit's digest as of ``day`` (default: the clock's today), sent over SMTP in
    one connection (``dry_run``: printed instead). A mail server that refuses fails the
    job (the CronJob retries it); nothing is half-sent per unit."""
    engine = create_engine(settings.resolved_database_url, pool_size=2)
    now = clock.now()
    try:
        async with create_session_factory(engine)() as session:
            found = await digests(
                session,
                catalogue(settings.organisation_models_dir),
                today=day or clock.today(),
                now=now,
                public_url=settings.public_url,
            )
    finally:
        await engine.dispose()
    mails = messages(found, sender=settings.digest_from, now=now)
    if dry_run:
        for mail in mails:
            print(mail.as_string())
    else:
        await mail_sending.send(
            mail_sending.MailServer(
                host=settings.smtp_host,
                port=settings.smtp_port,
                starttls=settings.smtp_starttls,
                tls=settings.smtp_tls,
                username=settings.smtp_username,
                password=settings.smtp_password,
            ),
            mails,
        )
    log.info("digest_sent", units=len(mails), dry_run=dry_run)
    return found


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=date.fromisoformat, help="the digest of this day")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the mails instead of sending them"
    )


SEND_DIGEST = ServiceCommand(
    name="send-digest",
    help="mail each unit the daily digest of its work queue (counts and links only)",
    run=send_digest,
    add_arguments=_arguments,
)
