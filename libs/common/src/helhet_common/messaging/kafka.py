"""aiokafka construction in one place: producers, consumers, topic creation.

Every client gets the broker security (TLS, SASL) from the settings through
:func:`helhet_common.messaging.kafka_security.client_security_kwargs`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Sequence

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from helhet_common.messaging.kafka_security import client_security_kwargs
from helhet_common.settings import ServiceSettings

log = structlog.get_logger(__name__)

DLQ_SUFFIX = ".dlq"


def dead_letter_topic(topic: str) -> str:
    return topic + DLQ_SUFFIX


def make_producer(settings: ServiceSettings, *, client_id: str | None = None) -> AIOKafkaProducer:
    """A producer that waits for all in-sync replicas. Idempotence only on real Kafka."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=client_id or settings.service_name,
        acks="all",
        enable_idempotence=settings.kafka_enable_idempotence,
        linger_ms=5,
        max_batch_size=256 * 1024,
        request_timeout_ms=settings.kafka_request_timeout_ms,
        retry_backoff_ms=200,
        **client_security_kwargs(settings),
    )


def make_consumer(
    settings: ServiceSettings, *, group_id: str | None, client_id: str | None = None
) -> AIOKafkaConsumer:
    """A consumer with manual commits, starting at the earliest offset for a new group.

    ``group_id=None``: a reader outside any group, assigned its partitions by hand; it
    cannot commit offsets (a rebuild reads like this).
    """
    return AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group_id,
        client_id=client_id or settings.service_name,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_uncommitted",
        max_poll_records=settings.consumer_max_records,
        fetch_max_wait_ms=settings.consumer_fetch_max_wait_ms,
        session_timeout_ms=settings.consumer_session_timeout_ms,
        rebalance_timeout_ms=settings.consumer_session_timeout_ms,
        heartbeat_interval_ms=max(settings.consumer_session_timeout_ms // 4, 100),
        max_poll_interval_ms=settings.consumer_max_poll_interval_ms,
        request_timeout_ms=max(settings.kafka_request_timeout_ms, 40_000),
        retry_backoff_ms=200,
        **client_security_kwargs(settings),
    )


def make_admin(settings: ServiceSettings) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=f"{settings.service_name}-admin",
        request_timeout_ms=settings.kafka_request_timeout_ms,
        **client_security_kwargs(settings),
    )


async def topic_partitions(
    admin: AIOKafkaAdminClient, topics: Iterable[str]
) -> list[TopicPartition]:
    """The partitions of those ``topics`` that exist, sorted; a missing topic has none.

    Asks for the metadata of every topic (never of named ones): a broker that creates
    topics on a metadata request must not create them here.
    """
    wanted = set(topics)
    found: list[TopicPartition] = []
    for topic in await admin.describe_topics():
        name = topic.get("topic")
        if name in wanted and not topic.get("error_code"):
            found += [TopicPartition(name, p["partition"]) for p in topic.get("partitions", ())]
    return sorted(found)


async def end_offsets(
    consumer: AIOKafkaConsumer, partitions: Sequence[TopicPartition]
) -> dict[TopicPartition, int]:
    """The end offset of each partition: the offset the next record will get.

    The consumer must be assigned ``partitions``; it is left at unspecified positions
    (seek before reading). Tansu answers ``ListOffsets`` (``end_offsets``) with the base
    offset of the partition's last record batch plus one, short of the end when that
    batch holds several records, so every partition that is not empty is fetched once
    from there: the fetch response's high watermark is the true end (on Kafka the two
    agree, and the fetch costs one small read per partition).
    """
    listed: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
    starts: dict[TopicPartition, int] = await consumer.beginning_offsets(partitions)
    ends = dict(listed)
    probe = {tp for tp in partitions if listed[tp] > starts[tp]}
    if not probe:
        return ends
    paused = consumer.paused()
    idle = [tp for tp in partitions if tp not in probe and tp not in paused]
    consumer.pause(*idle)
    for tp in probe:
        consumer.seek(tp, listed[tp] - 1)
    since_ms = int(time.time() * 1000)  # the clock aiokafka stamps fetch responses with
    try:
        while probe:
            await consumer.getmany(*probe, timeout_ms=100)
            for tp in sorted(probe):
                fetched_ms = consumer.last_poll_timestamp(tp)
                highwater = consumer.highwater(tp)
                if fetched_ms is not None and fetched_ms >= since_ms and highwater is not None:
                    ends[tp] = max(highwater, listed[tp])
                    probe.discard(tp)
    finally:
        consumer.resume(*idle)
    return ends


async def ensure_topics(settings: ServiceSettings, topics: Iterable[str]) -> None:
    """Create topics that do not exist yet (with the configured partition count)."""
    wanted = sorted(set(topics))
    if not wanted:
        return
    admin = make_admin(settings)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in wanted if t not in existing]
        if not missing:
            return
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(
                [
                    NewTopic(
                        name=topic,
                        num_partitions=settings.kafka_topic_partitions,
                        replication_factor=settings.kafka_replication_factor,
                    )
                    for topic in missing
                ]
            )
        log.info("topics_created", topics=missing)
    finally:
        await admin.close()
