"""The backbone end to end: plan-service -> outbox -> Kafka -> reporting-service.

The services run as processes (as in ``make dev``) against PostgreSQL and a real
broker. Every wait polls with a deadline; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import re

import httpx

from helhet_common.testing import wait_until
from helhet_common.testing.plugin import TansuFactory

from .conftest import PlatformFactory


def test_settled_participant_appears_in_the_overview(
    platform_factory: PlatformFactory, kafka_bootstrap: str
) -> None:
    platform = platform_factory(kafka_bootstrap)
    with httpx.Client(timeout=10) as client:
        participant_id = platform.settle(client)
        wait_until(
            lambda: platform.stage_counts()["settled"] == 1,
            timeout=60,
            message="settled participant in the overview",
        )
        started = client.post(
            f"{platform.plan_url}/participants/{participant_id}/programme",
            json={
                "regime": "integreringsloven",
                "start_date": "2026-07-01",
                "expected_end_date": "2028-06-30",
            },
            headers=platform.caseworker(),
        )
        assert started.status_code == 201, started.text
        plan = client.put(
            f"{platform.plan_url}/participants/{participant_id}/plan",
            json={
                "version": 0,
                "end_goal": "work",
                "norwegian_goal": "B1",
                "activities": [
                    {
                        "kind": "norwegian",
                        "provider_unit": "Hamar læringssenter",
                        "hours_per_week": 20,
                    }
                ],
            },
            headers=platform.caseworker(),
        )
        assert plan.status_code == 200, plan.text
        wait_until(
            lambda: platform.stage_counts() == {"settled": 0, "programme": 0, "plan": 1},
            timeout=60,
            message="participant reached the plan link",
        )
        chain = client.get(
            f"{platform.reporting_url}/participants/{participant_id}/chain",
            headers=platform.leader(),
        ).json()
        assert chain["plan_version"] == 1
        assert chain["programme_regime"] == "integreringsloven"
        # Another municipality's leader sees neither the count nor the chain.
        assert platform.overview("3407")["total"] == 0
        other = client.get(
            f"{platform.reporting_url}/participants/{participant_id}/chain",
            headers=platform.leader("3407"),
        )
        assert other.status_code == 404


def test_consumer_killed_mid_stream_recovers_exact_counts(
    platform_factory: PlatformFactory, kafka_bootstrap: str
) -> None:
    """SIGKILL the consumer while events stream in; after a restart no event is lost
    and none is counted twice."""
    platform = platform_factory(kafka_bootstrap)
    consumer = platform.processes["reporting-consumer"]
    with httpx.Client(timeout=10) as client:
        for i in range(30):
            platform.settle(client, birth_year=1980 + i % 20)
            if i == 12:
                consumer.kill()
        consumer.start()
        consumer.wait_healthy()
        wait_until(
            lambda: platform.overview()["total"] == 30,
            timeout=90,
            message="every settled participant counted once",
        )
    assert platform.stage_counts()["settled"] == 30


def _relay_failures(metrics_text: str) -> float:
    match = re.search(
        r'^outbox_publish_failures_total\{service="plan-service"\} (\S+)$', metrics_text, re.M
    )
    return float(match.group(1)) if match else 0.0


def test_writes_during_a_broker_outage_arrive_when_it_is_back(
    platform_factory: PlatformFactory, tansu_factory: TansuFactory
) -> None:
    broker = tansu_factory()
    platform = platform_factory(broker.bootstrap_servers)
    relay_metrics = (
        f"http://127.0.0.1:{platform.processes['plan-relay'].env['PLAN_METRICS_PORT']}/metrics"
    )
    with httpx.Client(timeout=10) as client:
        platform.settle(client)
        wait_until(lambda: platform.overview()["total"] == 1, timeout=60, message="first event")

        broker.pause()  # the broker stops answering, as a crashed or partitioned one
        # plan-service keeps accepting writes; they wait in its outbox.
        for _ in range(5):
            platform.settle(client)
        ready = client.get(f"{platform.plan_url}/health/ready")
        assert ready.status_code == 200  # still serving: writes wait in the outbox
        assert ready.json()["status"] == "degraded"
        assert ready.json()["checks"]["database"] == "ok"
        strict = client.get(f"{platform.plan_url}/health/ready", params={"strict": "true"})
        assert strict.status_code == 503
        wait_until(
            lambda: _relay_failures(client.get(relay_metrics).text) > 0,
            timeout=60,
            message="the relay noticed the outage",
        )

        broker.resume()
        # Once the broker answers again, the outbox drains and the overview ends with
        # every participant exactly once.
        wait_until(
            lambda: platform.overview()["total"] == 6,
            timeout=90,
            message="writes made during the outage reached the overview",
        )
    assert platform.stage_counts()["settled"] == 6
