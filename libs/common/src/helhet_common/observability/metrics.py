"""Prometheus metrics shared by every service, created once in the default registry.

Labels stay bounded: ``route`` is a route template (``/participants/{participant_id}``,
or ``"unmatched"``), ``method`` a known HTTP method (or ``"_OTHER"``), ``outcome`` one
of :data:`CONSUME_OUTCOMES`, ``partition`` a partition number.

Use them directly::

    from helhet_common.observability import metrics

    metrics.events_published_total.labels(service, topic).inc()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Final, Literal

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.responses import Response

__all__ = [
    "CONSUME_OUTCOMES",
    "ConsumeOutcome",
    "consumer_heartbeat_age_seconds",
    "consumer_lag",
    "consumer_offset_commits_refused_total",
    "consumer_rebalances_total",
    "dead_letters_total",
    "events_consumed_total",
    "events_published_total",
    "http_request_duration_seconds",
    "http_requests_total",
    "metrics_response",
    "observe_projection_delay",
    "observe_projection_delays",
    "outbox_backlog",
    "outbox_oldest_unpublished_age_seconds",
    "outbox_publish_failures_total",
    "projection_delay_seconds",
]

ConsumeOutcome = Literal["applied", "duplicate", "ignored", "dead_lettered"]
CONSUME_OUTCOMES: Final[tuple[ConsumeOutcome, ...]] = (
    "applied",
    "duplicate",
    "ignored",
    "dead_lettered",
)

http_requests_total: Final = Counter(
    "http_requests_total",
    "HTTP requests handled, by route template and status.",
    ["service", "method", "route", "status"],
)
http_request_duration_seconds: Final = Histogram(
    "http_request_duration_seconds",
    "Time from receiving an HTTP request to the end of its response.",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
events_published_total: Final = Counter(
    "events_published_total",
    "Events the outbox relay published to the broker.",
    ["service", "topic"],
)
events_consumed_total: Final = Counter(
    "events_consumed_total",
    "Events a consumer finished with, by outcome (applied, duplicate, ignored, dead_lettered).",
    ["service", "topic", "outcome"],
)
outbox_backlog: Final = Gauge(
    "outbox_backlog",
    "Outbox rows not yet published (the relay's view, and the api's, read at scrape time).",
    ["service"],
)
outbox_oldest_unpublished_age_seconds: Final = Gauge(
    "outbox_oldest_unpublished_age_seconds",
    "Age of the oldest outbox row not yet published (0: none); read by the api at scrape time.",
    ["service"],
)
outbox_publish_failures_total: Final = Counter(
    "outbox_publish_failures_total",
    "Outbox rows whose publication failed (they are retried).",
    ["service"],
)
consumer_lag: Final = Gauge(
    "consumer_lag",
    "Records between the consumer group's position (the consumer's view) or committed "
    "offset (the api's, read from the broker at scrape time) and the end of the partition.",
    ["service", "topic", "partition"],
)
consumer_heartbeat_age_seconds: Final = Gauge(
    "consumer_heartbeat_age_seconds",
    "Seconds since the consumer group's last heartbeat; read by the api at scrape time.",
    ["service", "consumer"],
)
consumer_rebalances_total: Final = Counter(
    "consumer_rebalances_total",
    "Partition moves seen by a consumer: partitions revoked from it or assigned to it, "
    "and batches it rolled back because the group moved on (kind: revoked, assigned, "
    "rolled_back_revoked, rolled_back_poll_interval).",
    ["service", "kind"],
)
consumer_offset_commits_refused_total: Final = Counter(
    "consumer_offset_commits_refused_total",
    "Offset commits a consumer skipped or the broker refused because the group had "
    "rebalanced (reason: revoked, not_owned, broker_refused); the batch is redelivered "
    "to the partition's new owner and skipped there as already processed.",
    ["service", "reason"],
)
dead_letters_total: Final = Counter(
    "dead_letters_total",
    "Records sent to a dead-letter topic, by source topic.",
    ["service", "topic"],
)
projection_delay_seconds: Final = Histogram(
    "projection_delay_seconds",
    "Time from an event's occurrence to its effect being applied by a consumer.",
    ["service"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0),
)


def observe_projection_delay(service: str, occurred_at: datetime) -> float:
    """Record the delay from ``occurred_at`` (timezone-aware) to now; returns it.

    Clock skew between producer and consumer can make it negative; it is clamped to 0.
    """
    delay = max((datetime.now(UTC) - occurred_at).total_seconds(), 0.0)
    projection_delay_seconds.labels(service).observe(delay)
    return delay


def observe_projection_delays(service: str, occurred: Sequence[datetime]) -> None:
    """``observe_projection_delay`` for a batch's events, with one clock reading."""
    now = datetime.now(UTC)
    histogram = projection_delay_seconds.labels(service)
    for occurred_at in occurred:
        histogram.observe(max((now - occurred_at).total_seconds(), 0.0))


def metrics_response() -> Response:
    """The default registry in the Prometheus text exposition format (for ``/metrics``)."""
    return Response(content=generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
