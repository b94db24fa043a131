"""The operations page shows every consumer group of the platform (issue 15): reporting's
own, and the other services' groups on the partitions they have committed, with their
lag, from the same broker clients kept open between views."""

from __future__ import annotations

import re
from uuid import uuid4

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import OffsetAndMetadata
from fastapi import FastAPI

from helhet_common.testing.services import DevTokens
from reporting_service import contracts

HTML = {"Accept": "text/html"}


async def test_every_consumer_group_is_shown_with_its_lag(
    app: FastAPI, client: httpx.AsyncClient, dev_tokens: DevTokens, kafka_bootstrap: str
) -> None:
    # Three records on the participants topic; a group of the operations list has read up
    # to the first. A group of its own: the broker refuses a commit from outside a group
    # whose members run (as placement-service's may, in another test on this broker).
    settings = app.state.settings
    reader = f"placement-service-{uuid4().hex[:8]}"
    defaults = list(settings.operations_groups)
    app.state.settings = settings.model_copy(update={"operations_groups": [*defaults, reader]})
    try:
        await _shown_with_its_lag(client, dev_tokens, kafka_bootstrap, reader, defaults)
    finally:
        app.state.settings = settings


async def _shown_with_its_lag(
    client: httpx.AsyncClient,
    dev_tokens: DevTokens,
    kafka_bootstrap: str,
    reader: str,
    defaults: list[str],
) -> None:
    key = str(uuid4()).encode()  # one key: one partition
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        sent = [
            await producer.send_and_wait(contracts.PARTICIPANTS_TOPIC, b"{}", key=key)
            for _ in range(3)
        ]
    finally:
        await producer.stop()
    tp = TopicPartition(sent[-1].topic, sent[-1].partition)
    group = AIOKafkaConsumer(bootstrap_servers=kafka_bootstrap, group_id=reader,
                             enable_auto_commit=False)  # fmt: skip
    await group.start()
    try:
        group.assign([tp])
        await group.commit({tp: OffsetAndMetadata(sent[0].offset + 1, "")})
    finally:
        await group.stop()

    status = await client.get("/operations/status", headers=dev_tokens.headers("operator"))
    client.cookies.set("helhet_token", dev_tokens.mint("operator"))
    page = await client.get("/operations", headers=HTML)

    assert status.status_code == 200, status.text
    groups = {g["consumer_group"]: g for g in status.json()["groups"]}
    assert next(iter(groups)) == "reporting-service"
    assert set(defaults) == {"plan-service", "placement-service", "volunteer-service"}
    assert set(groups) == {"reporting-service", *defaults, reader}
    placement = groups[reader]
    [row] = [p for p in placement["partitions"] if (p["topic"], p["partition"]) == tp]
    assert row["committed"] == sent[0].offset + 1
    assert row["lag"] == row["end_offset"] - row["committed"] >= 2
    assert placement["total_lag"] == sum(p["lag"] for p in placement["partitions"])
    shown = re.findall(r'<tr data-lag-group="([^"]+)">', page.text)
    assert shown == list(groups)
