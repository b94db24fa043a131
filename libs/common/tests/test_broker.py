"""The local Tansu broker: readiness, a real client round trip, restart, the CLI."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from helhet_common.broker import (
    BrokerError,
    TansuBroker,
    find_tansu_binary,
    free_port,
    handler,
    probe_kafka,
    register,
    wait_for_kafka,
)
from helhet_common.testing import async_wait_until
from helhet_common.testing.plugin import TansuFactory


def _topic(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


async def _create_topic(bootstrap: str, topic: str, partitions: int = 1) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(name=topic, num_partitions=partitions, replication_factor=1)]
        )
    finally:
        await admin.close()


async def _produce(bootstrap: str, topic: str, key: bytes, value: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, value=value, key=key, headers=[("ce_type", b"helhet.test.v1")]
        )
    finally:
        await producer.stop()


def test_find_tansu_binary_is_executable() -> None:
    binary = find_tansu_binary()
    assert os.access(binary, os.X_OK)


def test_tansu_bin_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TANSU_BIN", find_tansu_binary())
    assert find_tansu_binary() == str(Path(find_tansu_binary()))
    monkeypatch.setenv("TANSU_BIN", str(tmp_path / "missing-tansu"))
    with pytest.raises(BrokerError, match="TANSU_BIN"):
        find_tansu_binary()


def test_wait_for_kafka_fails_fast_on_a_closed_port() -> None:
    with pytest.raises(BrokerError, match="no Kafka broker answered"):
        wait_for_kafka(f"127.0.0.1:{free_port()}", timeout=0.3)


def test_session_broker_answers(kafka_bootstrap: str) -> None:
    wait_for_kafka(kafka_bootstrap, timeout=5)


async def test_round_trip_keyed_message_with_header(kafka_bootstrap: str) -> None:
    topic = _topic("roundtrip")
    await _create_topic(kafka_bootstrap, topic, partitions=3)
    await _produce(kafka_bootstrap, topic, key=b"plan-1", value=b'{"hello": "world"}')

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=f"group-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        # Tansu answers the first JoinGroup after about half the session timeout.
        session_timeout_ms=2000,
        rebalance_timeout_ms=2000,
        heartbeat_interval_ms=500,
    )
    await consumer.start()
    try:
        record = await asyncio.wait_for(consumer.getone(), timeout=15)
        await consumer.commit()
    finally:
        await consumer.stop()
    assert record.key == b"plan-1"
    assert record.value == b'{"hello": "world"}'
    assert ("ce_type", b"helhet.test.v1") in list(record.headers)


async def test_restart_keeps_the_port_and_serves_again(tansu_factory: TansuFactory) -> None:
    broker = tansu_factory()
    bootstrap = broker.bootstrap_servers
    pid = broker.pid
    topic = _topic("restart")
    await _create_topic(bootstrap, topic)
    await _produce(bootstrap, topic, key=b"k", value=b"before")

    broker.restart()
    assert broker.is_running
    assert broker.bootstrap_servers == bootstrap
    assert broker.pid != pid

    # Memory storage: the topic is gone after the restart; the broker serves anew.
    await _create_topic(bootstrap, topic)
    await _produce(bootstrap, topic, key=b"k", value=b"after")
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        await consumer.seek_to_beginning(partition)
        batch = await async_wait_until(
            lambda: consumer.getmany(partition, timeout_ms=500),
            timeout=10,
            message="no record after the restart",
        )
    finally:
        await consumer.stop()
    assert [record.value for record in batch[partition]] == [b"after"]


def test_stop_start_and_context_manager(tmp_path: Path) -> None:
    log_path = tmp_path / "tansu.log"
    with TansuBroker(log_path=log_path) as broker:
        assert broker.is_running
        wait_for_kafka(broker.bootstrap_servers, timeout=5)
        broker.stop()
        assert not broker.is_running
        with pytest.raises(BrokerError):
            wait_for_kafka(broker.bootstrap_servers, timeout=0.2)
        broker.start()
        assert broker.is_running
    assert not broker.is_running
    assert log_path.read_text().count("--- starting:") == 2


def test_start_refuses_a_port_served_by_another_broker(tansu_factory: TansuFactory) -> None:
    running = tansu_factory()
    intruder = TansuBroker(port=running.port)
    with pytest.raises(BrokerError, match="already served"):
        intruder.start(timeout=5)
    assert not intruder.is_running


def test_start_reports_the_log_when_tansu_dies(tmp_path: Path) -> None:
    fake = tmp_path / "fake-tansu"
    fake.write_text("#!/bin/sh\necho 'cannot bind: boom' >&2\nexit 3\n")
    fake.chmod(0o755)
    broker = TansuBroker(binary=str(fake))
    with pytest.raises(BrokerError, match=r"(?s)exited with code 3.*cannot bind: boom"):
        broker.start(timeout=5)
    assert not broker.is_running
    assert "cannot bind: boom" in broker.log_path.read_text()
    log_path = broker.log_path
    broker.stop()
    assert not log_path.exists()


def test_register_adds_the_broker_subcommand() -> None:
    parser = argparse.ArgumentParser(prog="helhet")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["broker", "--port", "19092"])
    assert args.handler is handler
    assert (args.port, args.host) == (19092, "127.0.0.1")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_module_cli_runs_in_foreground_and_stops_on_signal(signum: signal.Signals) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "helhet_common.broker", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_kafka(f"127.0.0.1:{port}", timeout=20)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert f"127.0.0.1:{port}" in stdout
    with pytest.raises(BrokerError):
        wait_for_kafka(f"127.0.0.1:{port}", timeout=0.2)


def test_a_paused_broker_does_not_answer_until_resumed() -> None:
    broker = TansuBroker()
    broker.start()
    try:
        broker.pause()
        with pytest.raises(OSError):  # noqa: PT011 - a timeout or a reset, either is "no answer"
            probe_kafka("127.0.0.1", broker.port, timeout=0.5)
        broker.resume()
        wait_for_kafka(broker.bootstrap_servers, timeout=10)
    finally:
        broker.stop()
    assert not broker.is_running


def test_free_port_never_hands_out_the_same_port_twice() -> None:
    """Ports handed out but not yet bound stay reserved: two services started from one
    test never share a port."""
    ports = [free_port() for _ in range(100)]
    assert len(set(ports)) == len(ports)
    ephemeral_low = 32768
    assert all(1024 < port < ephemeral_low for port in ports)
