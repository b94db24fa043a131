"""``helhet dev``: run the processes of a Procfile and restart any that exits.

Procfile runners such as honcho stop every process as soon as one exits, and in
development that takes the in-memory broker, and every event in it, down with a
crashed consumer. Here a process that exits (whatever its exit code) is restarted after
a pause that doubles with each quick exit, from ``Backoff.initial_s`` up to
``Backoff.max_s``, and starts again from ``initial_s`` once it has stayed up for
``Backoff.stable_after_s``; the others keep running. Every exit and restart is said on
a ``dev`` line. Ctrl-C (SIGINT) or SIGTERM stops them all: SIGTERM to each process
group, SIGKILL to what is still there after ``stop_timeout_s``.

A Procfile line is ``name: command``; the command runs with ``/bin/sh -c`` (so
``VAR=value command`` and shell loops work) in a process group of its own, and every
line it prints is shown as ``HH:MM:SS name | line``. Blank lines and lines starting
with ``#`` are skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from helhet_common.aio import sleep_or_stop

__all__ = ["Backoff", "ProcessSpec", "ProcfileError", "Supervisor", "read_procfile", "register"]

_LINE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*)\s*:\s*(?P<command>\S.*)$")
_CHUNK = 64 * 1024
SUPERVISOR_NAME = "dev"


class ProcfileError(ValueError):
    """A Procfile line that is not ``name: command``, or a name used twice."""


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    command: str


@dataclass(frozen=True)
class Backoff:
    initial_s: float = 1.0
    max_s: float = 30.0
    # A process that ran this long before exiting is restarted after ``initial_s`` again.
    stable_after_s: float = 30.0


def read_procfile(path: Path) -> list[ProcessSpec]:
    specs: list[ProcessSpec] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise ProcfileError(f"{path}:{number}: not 'name: command': {line!r}")
        name = match["name"]
        if any(spec.name == name for spec in specs):
            raise ProcfileError(f"{path}:{number}: {name!r} is named twice")
        specs.append(ProcessSpec(name, match["command"]))
    if not specs:
        raise ProcfileError(f"{path}: no processes")
    return specs


class Supervisor:
    """Keeps every process of ``specs`` running until ``run``'s ``stop`` is set."""

    def __init__(
        self,
        specs: Sequence[ProcessSpec],
        *,
        output: TextIO | None = None,
        backoff: Backoff | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        stop_timeout_s: float = 10.0,
    ) -> None:
        self.specs = list(specs)
        self.output = output if output is not None else sys.stdout
        self.backoff = backoff or Backoff()
        self.env = {**(env if env is not None else os.environ), "PYTHONUNBUFFERED": "1"}
        self.cwd = cwd
        self.stop_timeout_s = stop_timeout_s
        self.starts: dict[str, int] = {spec.name: 0 for spec in self.specs}
        self._width = max(len(SUPERVISOR_NAME), *(len(spec.name) for spec in self.specs))

    async def run(self, stop: asyncio.Event) -> None:
        await asyncio.gather(*(self._keep(spec, stop) for spec in self.specs))
        self.say("every process stopped")

    def say(self, text: str) -> None:
        self._write(SUPERVISOR_NAME, text)

    def _write(self, name: str, text: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self.output.write(f"{stamp} {name:<{self._width}} | {text}\n")
        self.output.flush()

    async def _keep(self, spec: ProcessSpec, stop: asyncio.Event) -> None:
        delay = self.backoff.initial_s
        while not stop.is_set():
            started = time.monotonic()
            try:
                process = await asyncio.create_subprocess_exec(
                    "/bin/sh",
                    "-c",
                    spec.command,
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.STDOUT,
                    start_new_session=True,
                    env=self.env,
                    cwd=self.cwd,
                )
            except OSError as exc:
                self.say(f"{spec.name} could not start ({exc}); trying again in {delay:g} s")
            else:
                self.starts[spec.name] += 1
                code = await self._watch(spec, process, stop)
                if stop.is_set():
                    self.say(f"{spec.name} stopped (exit code {code})")
                    return
                ran = time.monotonic() - started
                if ran >= self.backoff.stable_after_s:
                    delay = self.backoff.initial_s
                self.say(
                    f"{spec.name} exited with code {code} after {ran:.1f} s; "
                    f"restarting in {delay:g} s (the other processes keep running)"
                )
            await sleep_or_stop(stop, delay)
            delay = min(delay * 2, self.backoff.max_s)

    async def _watch(
        self, spec: ProcessSpec, process: asyncio.subprocess.Process, stop: asyncio.Event
    ) -> int:
        """Relay the process's output until it exits, or stop it when ``stop`` is set.

        The unit is the process group: when the shell at its head exits, whatever it
        started and left running goes too, so that a restart never finds a stray copy.
        """
        if self.starts[spec.name] > 1:
            self.say(f"{spec.name} restarted (pid {process.pid}, start {self.starts[spec.name]})")
        else:
            self.say(f"{spec.name} started (pid {process.pid})")
        assert process.stdout is not None
        relay = asyncio.create_task(self._relay(spec.name, process.stdout))
        exited = asyncio.create_task(_exit_of(process))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({exited, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        await self._end_group(process)
        code = await exited
        # The output ends when the last holder of the pipe has gone; one that left the
        # group could keep it open, so do not wait for ever.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(relay), timeout=2.0)
        relay.cancel()
        return code

    async def _end_group(self, process: asyncio.subprocess.Process) -> None:
        """SIGTERM to the process group, SIGKILL to whatever is left after the timeout."""
        _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout_s
        while _group_alive(process.pid) or process.returncode is None:
            if time.monotonic() >= deadline:
                _signal_group(process.pid, signal.SIGKILL)
                break
            await asyncio.sleep(0.05)
        await _exit_of(process)

    async def _relay(self, name: str, stream: asyncio.StreamReader) -> None:
        pending = b""
        while chunk := await stream.read(_CHUNK):
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                self._write(name, line.decode("utf-8", errors="replace").rstrip("\r"))
        if pending:
            self._write(name, pending.decode("utf-8", errors="replace"))


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _group_alive(pid: int) -> bool:
    """Whether any process of the group led by ``pid`` is left (signal 0 tests it)."""
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def _exit_of(process: asyncio.subprocess.Process) -> int:
    """The exit code of the process itself. (``Process.wait`` also waits until its output
    pipe closes, which a child it left behind can hold open.)"""
    while process.returncode is None:  # noqa: ASYNC110 - set by asyncio's child watcher
        await asyncio.sleep(0.1)
    return process.returncode


# -- the command -------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``dev`` subcommand to the ``helhet`` command."""
    parser = subparsers.add_parser(
        "dev",
        help="run a Procfile's processes, restarting any that exits, until Ctrl-C",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-f", "--procfile", type=Path, default=Path("Procfile"))
    parser.add_argument("--backoff", type=float, default=Backoff.initial_s, help="first pause, s")
    parser.add_argument("--max-backoff", type=float, default=Backoff.max_s, help="longest pause, s")
    parser.set_defaults(handler=handler)


def handler(args: argparse.Namespace) -> int:
    try:
        specs = read_procfile(args.procfile)
    except (OSError, ProcfileError) as exc:
        print(f"helhet dev: {exc}", file=sys.stderr)
        return 2
    backoff = Backoff(initial_s=args.backoff, max_s=max(args.max_backoff, args.backoff))
    supervisor = Supervisor(specs, backoff=backoff, cwd=args.procfile.resolve().parent)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        supervisor.say(
            f"starting {len(specs)} processes from {args.procfile}; a process that exits is "
            "restarted, Ctrl-C stops them all"
        )
        await supervisor.run(stop)

    asyncio.run(main())
    return 0
