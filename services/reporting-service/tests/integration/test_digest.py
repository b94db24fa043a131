"""The daily digest (``reporting-service send-digest``): one mail per unit with a shared
mailbox, sent over SMTP to a real aiosmtpd sink (``helhet mail-sink``'s) on a free port
and read back from the sink's page. Counts and links only: no participant, no id, no
assignee's name.

The read model is filled as of 2026-09-02 and the digest is of that day.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from helhet_common.broker import free_port
from helhet_common.clock import FixedClock
from helhet_common.mail_sink import Sink, sink_app, start_sink_smtp
from helhet_common.messaging.consumer import ConsumerRunner
from helhet_common.testing.services import DevTokens
from reporting_service.entrypoints import deps
from reporting_service.entrypoints.digest import send_digest_on
from reporting_service.settings import ReportingSettings

TODAY = date(2026, 9, 2)
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


@pytest.fixture
async def sink() -> AsyncIterator[tuple[Sink, int]]:
    received = Sink()
    port = free_port()
    server = await start_sink_smtp(received, "127.0.0.1", port)
    yield received, port
    server.close()
    await server.wait_closed()


@pytest.fixture
async def queue_of_hamar(
    clock_runner: Callable[[date], ConsumerRunner],
    to_records: Callable[..., Any],
    events: Any,
    app: FastAPI,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
) -> list[str]:
    """Two participants without a plan; Kari Nordmann has taken one of their alerts."""
    people = [uuid4(), uuid4()]
    batch = []
    for p, household in zip(people, ("single", "family"), strict=True):
        batch += [
            events.settled(p, date(2026, 1, 5), household=household),
            events.programme_started(p, date(2026, 2, 1), date(2028, 1, 31)),
        ]
    assert (await clock_runner(TODAY).apply_batch(to_records(*batch))).applied == len(batch)
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    try:
        kari = dev_tokens.headers("caseworker", sub="kari", name="Kari Nordmann")
        first = (await client.get("/queue", headers=kari)).json()["items"][0]
        taken = await client.post(
            f"/alerts/{first['alert_id']}/assign", json={"version": 1}, headers=kari
        )
        assert taken.status_code == 200, taken.text
    finally:
        app.dependency_overrides.pop(deps.clock, None)
    return [str(p) for p in people]


async def test_each_unit_gets_one_mail_with_counts_and_links_only(
    queue_of_hamar: list[str],
    sink: tuple[Sink, int],
    settings: ReportingSettings,
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    app: FastAPI,
) -> None:
    received, port = sink
    app.dependency_overrides[deps.clock] = lambda: FixedClock(TODAY)
    try:
        queue = (
            await client.get(
                "/queue",
                params={"unit": "flyktningkontor", "limit": 100},
                headers=dev_tokens.headers("integration_leader"),
            )
        ).json()
    finally:
        app.dependency_overrides.pop(deps.clock, None)

    sent = await send_digest_on(
        settings.model_copy(
            update={"smtp_port": port, "public_url": "https://helhet.hamar.example.org"}
        ),
        clock=FixedClock(TODAY),
    )
    for _ in range(100):  # the sink has the mails once the client's QUIT is answered
        if len(received.messages) == len(sent):
            break
        await asyncio.sleep(0.02)

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sink_app(received)), base_url="http://sink.test"
    ) as reader:
        page = await reader.get("/")
        mails = (await reader.get("/messages.json")).json()
        first_text = await reader.get(f"/messages/{mails[0]['number']}")

    by_unit = {m["to"][0]: m for m in mails}
    assert set(by_unit) == {
        "flyktningkontor@hamar.example.org",
        "laeringssenter@hamar.example.org",
        "nav-hamar@nav.example.org",
    }
    office = by_unit["flyktningkontor@hamar.example.org"]
    waiting = queue["total"]
    high = sum(1 for a in queue["items"] if a["severity"] == "high")
    assert waiting >= 2
    assert office["subject"] == (
        f"Helhet: {waiting} varsler i køen for Hamar flyktningkontor (02.09.2026)"
    )
    assert f"I køen: {waiting} varsler" in office["text"]
    assert f"høy alvorlighet: {high}" in office["text"]
    assert f"Ikke tildelt noen: {waiting - 1}" in office["text"]
    assert "https://helhet.hamar.example.org/queue?unit=flyktningkontor\n" in office["text"]
    assert "ingen personopplysninger" in office["text"]
    # No personal data in any mail: no id of anyone, not who took an alert.
    for mail in mails:
        whole = mail["subject"] + mail["text"]
        assert not UUID_PATTERN.search(whole), whole
        for person in (*queue_of_hamar, "Kari", "Nordmann", "kari"):
            assert person not in whole
        assert not re.search(r"\b(single|family|enslig|familie)\b", whole, re.I)
    assert page.status_code == 200
    assert "Hamar flyktningkontor" in page.text
    assert first_text.text.startswith("From: helhet@localhost\nTo: ")


async def test_a_dry_run_sends_nothing(
    queue_of_hamar: list[str],
    sink: tuple[Sink, int],
    settings: ReportingSettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    received, port = sink

    sent = await send_digest_on(
        settings.model_copy(update={"smtp_port": port}), dry_run=True, clock=FixedClock(TODAY)
    )

    assert len(sent) == 3
    assert list(received.messages) == []
    assert "Subject: Helhet:" in capsys.readouterr().out
