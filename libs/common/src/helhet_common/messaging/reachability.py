"""Is a Kafka-protocol broker answering? A raw ``ApiVersions`` request over a socket.

Used by the services' readiness (``helhet_common.app``), by the development broker
runner (``helhet_common.broker``) and by the tests. It needs nothing but the standard
library and works against Tansu and a real Kafka alike, on a listener without TLS; a
secured listener is probed with a real client instead (``app.BrokerProbe``).
"""

from __future__ import annotations

import os
import socket
import struct
import time

__all__ = ["BrokerError", "probe_kafka", "split_host_port", "wait_for_kafka"]

DEFAULT_HOST = "127.0.0.1"
_API_VERSIONS_KEY = 18
_CLIENT_ID = b"helhet-probe"
_POLL_INTERVAL = 0.02


class BrokerError(RuntimeError):
    """No broker answered in time (or the broker process failed)."""


def split_host_port(address: str) -> tuple[str, int]:
    address = address.strip()
    for scheme in ("tcp://", "PLAINTEXT://", "plaintext://"):
        address = address.removeprefix(scheme)
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"not a host:port address: {address!r}")
    return host.strip("[]") or DEFAULT_HOST, int(port)


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = sock.recv(remaining)
        if not chunk:
            raise ConnectionError("connection closed by the broker")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def probe_kafka(host: str, port: int, timeout: float = 1.0) -> None:
    """Send one Kafka ``ApiVersions`` (v0) request; raise ``OSError`` unless it is answered.

    Any well-formed response with our correlation id counts: even an error code
    (e.g. an unsupported version) proves a Kafka-protocol broker is serving.
    """
    correlation_id = int.from_bytes(os.urandom(4), "big") & 0x7FFFFFFF
    body = struct.pack(">hhih", _API_VERSIONS_KEY, 0, correlation_id, len(_CLIENT_ID))
    body += _CLIENT_ID
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        sock.sendall(struct.pack(">i", len(body)) + body)
        (size,) = struct.unpack(">i", _recv_exactly(sock, 4))
        if size < 4:
            raise ConnectionError(f"malformed Kafka response (size {size})")
        (answered_id,) = struct.unpack(">i", _recv_exactly(sock, 4))
        if answered_id != correlation_id:
            raise ConnectionError(
                f"unexpected correlation id {answered_id} (sent {correlation_id})"
            )


def wait_for_kafka(bootstrap: str, timeout: float) -> None:
    """Poll until a broker in ``bootstrap`` ("host:port[,host:port...]") answers Kafka.

    Raises :class:`BrokerError` with the last failure once ``timeout`` seconds pass.
    """
    addresses = [split_host_port(part) for part in bootstrap.split(",") if part.strip()]
    if not addresses:
        raise ValueError("empty bootstrap address")
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        for host, port in addresses:
            remaining = deadline - time.monotonic()
            try:
                probe_kafka(host, port, timeout=max(0.05, min(1.0, remaining)))
                return
            except OSError as exc:
                last_error = exc
        if time.monotonic() >= deadline:
            raise BrokerError(
                f"no Kafka broker answered at {bootstrap} within {timeout:.1f}s "
                f"(last error: {last_error!r})"
            )
        time.sleep(_POLL_INTERVAL)
