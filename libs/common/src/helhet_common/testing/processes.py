"""Service processes for end-to-end tests: started as the platform runs them.

``ServiceProcess`` runs one process kind (``api``, ``relay``, ``consume``) of a service
as a child process with its own environment (the test's, with ``env`` on top and the
names in ``unset`` removed) and working directory, writes its output to a log file, and
can stop it gracefully (SIGTERM) or kill it (SIGKILL) to test recovery.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Collection, Mapping
from pathlib import Path

import httpx


class ServiceProcess:
    def __init__(
        self,
        module: str,
        command: list[str],
        *,
        env: Mapping[str, str],
        log_path: Path,
        health_url: str | None = None,
        cwd: Path | None = None,
        unset: Collection[str] = (),
    ) -> None:
        self.module = module
        self.command = command
        self.env = dict(env)
        self.log_path = log_path
        self.health_url = health_url
        self.cwd = cwd
        self.unset = frozenset(unset)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> ServiceProcess:
        """Start the process; does not wait (see ``wait_healthy``)."""
        log = self.log_path.open("ab")
        inherited = {k: v for k, v in os.environ.items() if k not in self.unset}
        self._process = subprocess.Popen(
            [sys.executable, "-m", self.module, *self.command],
            env={**inherited, **self.env},
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    def wait(self, timeout: float = 120.0) -> int:
        """Wait for a one-shot command (``migrate``, ``seed``) to exit; its exit code."""
        if self._process is None:
            raise RuntimeError(f"{self} was not started")
        try:
            return self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as still_running:
            self.kill()
            raise AssertionError(
                f"{self} still running after {timeout} s:\n{self.log_tail()}"
            ) from still_running

    def wait_healthy(self, timeout: float = 180.0) -> None:
        """Wait until the health URL answers 200 with JSON (no-op without a health URL).

        The wait is generous: a loaded CI machine starting a whole platform at once has
        taken over a minute for one api; a healthy start returns as soon as it answers.
        A process that exits fails at once, and one still not healthy at the deadline
        fails too, each with the tail of its log."""
        if not self.health_url:
            return
        deadline = time.monotonic() + timeout
        while True:
            if not self.running:
                raise AssertionError(f"{self} exited:\n{self.log_tail()}")
            if self._answers():
                return
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"{self} not healthy after {timeout:.0f} s:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def _answers(self) -> bool:
        try:
            response = httpx.get(self.health_url or "", timeout=1.0)
        except httpx.HTTPError:
            return False
        # Only the service's own JSON answer counts: another server on the port (a
        # metrics endpoint answers every path with 200) must not pass for this one.
        content_type = response.headers.get("content-type", "")
        return response.status_code == 200 and content_type.startswith("application/json")

    def stop(self, timeout: float = 15.0) -> None:
        self._signal(signal.SIGTERM, timeout)

    def kill(self) -> None:
        self._signal(signal.SIGKILL, 10.0)

    def _signal(self, sig: signal.Signals, timeout: float) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def __repr__(self) -> str:
        return f"<{self.module} {' '.join(self.command)}>"
