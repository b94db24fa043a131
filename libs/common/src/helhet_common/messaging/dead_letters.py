"""The headers of a dead letter: written by the consumer runner, read by the operations.

A dead letter is the original record (same value, same key, same headers) sent to
``<topic>.dlq`` with these headers added. Both sides use this module, so they agree:

==========================  ==============================================================
``dlq-reason``              ``malformed``, ``invalid-data`` or ``handler-failed``
``dlq-error``               the error (``repr`` of the exception, at most 4000 bytes)
``dlq-attempts``            how many times the handler ran (0: never, the record was bad)
``dlq-original-topic``      where the record was read ...
``dlq-original-partition``  ... its partition ...
``dlq-original-offset``     ... and offset
``dlq-consumer``            the consumer group that failed (``processed_events.consumer``)
``dlq-event-id``            the CloudEvents ``id``, when the record could be parsed
``dlq-event-type``          the CloudEvents ``type``, when the record could be parsed
``dlq-failed-at``           when it was dead-lettered (ISO 8601, UTC)
==========================  ==============================================================

A replayed record (``operations.replay_dead_letter``) goes back to its original topic
without the ``dlq-`` headers and with ``helhet-replayed-from`` =
``<dlq topic>:<partition>:<offset>`` and ``helhet-replay-for`` = the consumer group that
failed. Every group reading the topic sees the record, but only that group applies it;
the others skip it (``is_for``), so a replay never reaches a group that did not ask for
it (where it could fail again and come back as a new dead letter).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

REASON = "dlq-reason"
ERROR = "dlq-error"
ATTEMPTS = "dlq-attempts"
ORIGINAL_TOPIC = "dlq-original-topic"
ORIGINAL_PARTITION = "dlq-original-partition"
ORIGINAL_OFFSET = "dlq-original-offset"
CONSUMER = "dlq-consumer"
EVENT_ID = "dlq-event-id"
EVENT_TYPE = "dlq-event-type"
FAILED_AT = "dlq-failed-at"
PREFIX = "dlq-"

REPLAYED_FROM = "helhet-replayed-from"
REPLAY_FOR = "helhet-replay-for"

MAX_ERROR_BYTES = 4000

Headers = Sequence[tuple[str, bytes]]


def dead_letter_headers(
    original: Iterable[tuple[str, bytes]],
    *,
    reason: str,
    error: str,
    attempts: int,
    topic: str,
    partition: int,
    offset: int,
    consumer: str,
    failed_at: datetime,
    event_id: str = "",
    event_type: str = "",
) -> list[tuple[str, bytes]]:
    """The original headers (less any earlier dead-letter headers) plus this failure's."""
    headers = [(name, value) for name, value in original if not name.startswith(PREFIX)]
    headers += [
        (REASON, reason.encode()),
        (ERROR, error.encode()[:MAX_ERROR_BYTES]),
        (ATTEMPTS, str(attempts).encode()),
        (ORIGINAL_TOPIC, topic.encode()),
        (ORIGINAL_PARTITION, str(partition).encode()),
        (ORIGINAL_OFFSET, str(offset).encode()),
        (CONSUMER, consumer.encode()),
        (FAILED_AT, failed_at.isoformat().encode()),
    ]
    if event_id:
        headers.append((EVENT_ID, event_id.encode()))
    if event_type:
        headers.append((EVENT_TYPE, event_type.encode()))
    return headers


def replay_headers(
    dead_letter: Iterable[tuple[str, bytes]], *, replayed_from: str, consumer: str | None
) -> list[tuple[str, bytes]]:
    """The headers of a replayed record: the original ones, marked with where it came
    from and, when known, the one consumer group it is for."""
    kept = [
        (name, value)
        for name, value in dead_letter
        if not name.startswith(PREFIX) and name not in (REPLAYED_FROM, REPLAY_FOR)
    ]
    marks = [(REPLAYED_FROM, replayed_from.encode())]
    if consumer:
        marks.append((REPLAY_FOR, consumer.encode()))
    return [*kept, *marks]


def is_for(headers: Iterable[tuple[str, bytes]] | None, consumer: str) -> bool:
    """Whether ``consumer`` (a consumer group) is to apply a record with these headers:
    every record, except a replay meant for another group."""
    for name, value in headers or ():
        if name == REPLAY_FOR:
            return value.decode("utf-8", errors="replace") == consumer
    return True
