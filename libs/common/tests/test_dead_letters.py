"""Dead-letter headers: what the consumer runner writes is what the operations read.

No broker needed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord

from helhet_common.broker import free_port
from helhet_common.messaging import dead_letters
from helhet_common.messaging.envelope import CloudEvent
from helhet_common.messaging.operations import (
    DeadLetter,
    consumer_lag,
    list_dead_letters,
    parse_dead_letter,
)

FAILED_AT = datetime(2026, 5, 9, 10, 30, 15, 123000, tzinfo=UTC)


def dlq_record(
    headers: list[tuple[str, bytes]], *, value: bytes = b"{}", key: bytes | None = b"p-1"
) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic="helhet.plans.dlq",
        partition=2,
        offset=7,
        timestamp=int(datetime(2026, 5, 9, 11, 0, tzinfo=UTC).timestamp() * 1000),
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=len(key or b""),
        serialized_value_size=len(value),
        headers=headers,
    )


def failure_headers(original: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    return dead_letters.dead_letter_headers(
        original,
        reason="handler-failed",
        error="RuntimeError('boom')",
        attempts=3,
        topic="helhet.plans",
        partition=1,
        offset=41,
        consumer="reporting-service",
        failed_at=FAILED_AT,
        event_id="0196-event",
        event_type="helhet.plan.created.v1",
    )


def test_a_dead_letter_reads_back_what_the_runner_wrote() -> None:
    record = dlq_record(failure_headers([("traceparent", b"00-abc-def-01")]))

    assert parse_dead_letter(record) == DeadLetter(
        dlq_topic="helhet.plans.dlq",
        partition=2,
        offset=7,
        original_topic="helhet.plans",
        original_partition=1,
        original_offset=41,
        key="p-1",
        event_id="0196-event",
        event_type="helhet.plan.created.v1",
        consumer="reporting-service",
        error="RuntimeError('boom')",
        failed_at=FAILED_AT,
    )


def test_a_failing_replay_replaces_the_earlier_failure_headers() -> None:
    first = failure_headers([("traceparent", b"t")])
    replayed = dead_letters.replay_headers(
        first, replayed_from="helhet.plans.dlq:2:7", consumer="reporting-service"
    )
    again = failure_headers(replayed)

    names = [name for name, _ in again]
    assert names.count(dead_letters.ERROR) == 1
    assert names.count(dead_letters.REPLAYED_FROM) == 1
    assert names.count(dead_letters.REPLAY_FOR) == 1
    assert ("traceparent", b"t") in again


def test_replay_headers_keep_the_original_ones_and_say_where_they_came_from() -> None:
    original = [("traceparent", b"t"), ("content-type", b"application/cloudevents+json")]
    replayed = dead_letters.replay_headers(
        [
            *failure_headers(original),
            (dead_letters.REPLAYED_FROM, b"older:0:1"),
            (dead_letters.REPLAY_FOR, b"placement-service"),
        ],
        replayed_from="helhet.plans.dlq:2:7",
        consumer="reporting-service",
    )

    assert replayed == [
        *original,
        (dead_letters.REPLAYED_FROM, b"helhet.plans.dlq:2:7"),
        (dead_letters.REPLAY_FOR, b"reporting-service"),
    ]


def test_a_replay_is_for_the_group_that_failed_alone() -> None:
    replayed = dead_letters.replay_headers(
        failure_headers([]), replayed_from="helhet.plans.dlq:2:7", consumer="reporting-service"
    )

    assert dead_letters.is_for(replayed, "reporting-service")
    assert not dead_letters.is_for(replayed, "placement-service")
    assert dead_letters.is_for([("traceparent", b"t")], "placement-service")
    assert dead_letters.is_for(None, "placement-service")


def test_a_letter_that_names_no_group_is_replayed_to_every_group() -> None:
    old_letter = [(name, value) for name, value in failure_headers([]) if name != "dlq-consumer"]
    replayed = dead_letters.replay_headers(
        old_letter, replayed_from="helhet.plans.dlq:2:7", consumer=None
    )

    assert dead_letters.REPLAY_FOR not in dict(replayed)
    assert dead_letters.is_for(replayed, "placement-service")


def test_an_older_dead_letter_takes_its_event_from_the_record_and_its_time_from_kafka() -> None:
    envelope = CloudEvent(source="/helhet/plan-service", type="helhet.plan.created.v1", data={})
    record = dlq_record(
        [("dlq-reason", b"handler-failed"), ("dlq-original-topic", b"helhet.plans")],
        value=envelope.to_json_bytes(),
        key=None,
    )

    letter = parse_dead_letter(record)

    assert (letter.event_id, letter.event_type) == (envelope.id, envelope.type)
    assert letter.failed_at == datetime(2026, 5, 9, 11, 0, tzinfo=UTC)
    assert (letter.key, letter.consumer, letter.original_offset) == (None, None, None)


def test_a_malformed_record_is_still_listed() -> None:
    letter = parse_dead_letter(dlq_record([("dlq-original-offset", b"x")], value=b"{not json"))

    assert (letter.event_id, letter.event_type, letter.original_offset) == (None, None, None)


async def test_operations_fail_fast_when_the_broker_cannot_be_reached() -> None:
    nowhere = f"127.0.0.1:{free_port()}"

    with pytest.raises(KafkaError):
        await consumer_lag(nowhere, "reporting-service", ["helhet.plans"], timeout_s=2)
    with pytest.raises(KafkaError):
        await list_dead_letters(nowhere, ["helhet.plans.dlq"], timeout_s=2)
