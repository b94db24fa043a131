"""``helhet dev``: a process that exits is restarted with backoff, the others keep running,
and Ctrl-C stops them all."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helhet_common.supervisor import (
    Backoff,
    ProcessSpec,
    ProcfileError,
    Supervisor,
    read_procfile,
)
from helhet_common.testing import async_wait_until, wait_until

PYTHON = shlex.quote(sys.executable)
QUICK = Backoff(initial_s=0.05, max_s=0.4, stable_after_s=30)


def steady(pids: Path) -> str:
    """A process that notes its pid and stays up."""
    code = f"import os, time; open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n'); time.sleep(60)"
    return f"{PYTHON} -c {shlex.quote(code)}"


def crashing(starts: Path) -> str:
    """A process that notes each start, says something and exits with code 3."""
    return f"echo start >> {shlex.quote(str(starts))}; echo 'about to fail'; exit 3"


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


async def test_a_process_that_exits_is_restarted_and_the_others_stay_up(tmp_path: Path) -> None:
    pids, starts = tmp_path / "steady.pids", tmp_path / "crashing.starts"
    output = io.StringIO()
    supervisor = Supervisor(
        [ProcessSpec("steady", steady(pids)), ProcessSpec("crashing", crashing(starts))],
        output=output,
        backoff=QUICK,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(supervisor.run(stop))
    try:
        await async_wait_until(
            lambda: len(lines(starts)) >= 4, timeout=20, message="four starts of the crashing one"
        )
        await async_wait_until(lambda: lines(pids), timeout=20, message="the steady one up")
        [pid] = [int(p) for p in lines(pids)]
        assert alive(pid)
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=20)

    assert supervisor.starts["steady"] == 1
    assert supervisor.starts["crashing"] >= 4
    wait_until(lambda: not alive(pid), timeout=5, message="the steady one gone")
    text = output.getvalue()
    assert "crashing | about to fail" in text
    assert "crashing exited with code 3" in text
    # The pause doubles with each quick exit, up to the longest one.
    assert "restarting in 0.05 s" in text
    assert "restarting in 0.1 s" in text
    assert "restarting in 0.2 s" in text
    assert "steady stopped" in text
    assert "steady exited" not in text


async def test_stopping_ends_what_a_process_started_too(tmp_path: Path) -> None:
    pids = tmp_path / "child.pids"
    # A shell loop, like the alerts line of the Procfile: its sleeping child goes too.
    loop = f"while true; do {steady(pids)}; done"
    supervisor = Supervisor([ProcessSpec("loop", loop)], output=io.StringIO(), backoff=QUICK)
    stop = asyncio.Event()
    running = asyncio.create_task(supervisor.run(stop))
    try:
        await async_wait_until(lambda: lines(pids), timeout=20, message="the child up")
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=20)

    [pid] = [int(p) for p in lines(pids)]
    wait_until(lambda: not alive(pid), timeout=5, message="the loop's child gone")


async def test_when_the_shell_dies_its_children_go_and_the_process_restarts(
    tmp_path: Path,
) -> None:
    pids = tmp_path / "child.pids"
    output = io.StringIO()
    # "; true": the shell stays at the head of the group instead of exec'ing the child.
    supervisor = Supervisor(
        [ProcessSpec("shell", f"{steady(pids)}; true")], output=output, backoff=QUICK
    )
    stop = asyncio.Event()
    running = asyncio.create_task(supervisor.run(stop))
    try:
        await async_wait_until(lambda: lines(pids), timeout=20, message="the child up")
        [shell] = [
            int(pid) for pid in re.findall(r"shell started \(pid (\d+)\)", output.getvalue())
        ]
        os.kill(shell, signal.SIGKILL)
        await async_wait_until(lambda: len(lines(pids)) == 2, timeout=20, message="a new child")
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=20)

    first, second = (int(pid) for pid in lines(pids))
    wait_until(lambda: not alive(first), timeout=5, message="the first child gone")
    assert first != second
    assert "shell exited with code -9" in output.getvalue()


def test_a_procfile_is_name_colon_command(tmp_path: Path) -> None:
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        "# the broker first\n"
        "broker: helhet broker --port 9092\n"
        "\n"
        "plan-relay: PLAN_METRICS_PORT=9101 plan-service relay\n"
        "alerts: while true; do reporting-service evaluate-alerts; sleep 3600; done\n"
    )

    assert read_procfile(procfile) == [
        ProcessSpec("broker", "helhet broker --port 9092"),
        ProcessSpec("plan-relay", "PLAN_METRICS_PORT=9101 plan-service relay"),
        ProcessSpec("alerts", "while true; do reporting-service evaluate-alerts; sleep 3600; done"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("broker helhet broker\n", "not 'name: command'"), ("a: x\na: y\n", "named twice")],
)
def test_a_malformed_procfile_is_refused(tmp_path: Path, text: str, message: str) -> None:
    procfile = tmp_path / "Procfile"
    procfile.write_text(text)

    with pytest.raises(ProcfileError, match=message):
        read_procfile(procfile)


def test_ctrl_c_stops_the_command_and_every_process(tmp_path: Path) -> None:
    pids, starts = tmp_path / "steady.pids", tmp_path / "crashing.starts"
    procfile = tmp_path / "Procfile"
    procfile.write_text(f"steady: {steady(pids)}\ncrashing: {crashing(starts)}\n")
    command = [sys.executable, "-m", "helhet_common.cli", "dev", "-f", str(procfile)]
    dev = subprocess.Popen(
        [*command, "--backoff", "0.05", "--max-backoff", "0.2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until(lambda: len(lines(starts)) >= 2, timeout=30, message="a restart")
        wait_until(lambda: lines(pids), timeout=30, message="the steady one up")
        started = time.monotonic()
        dev.send_signal(signal.SIGINT)
        out, _ = dev.communicate(timeout=30)
    finally:
        if dev.poll() is None:
            dev.kill()
            dev.wait()

    assert dev.returncode == 0, out
    assert time.monotonic() - started < 15
    [pid] = [int(p) for p in lines(pids)]
    wait_until(lambda: not alive(pid), timeout=5, message="the steady one gone")
    assert "a process that exits is restarted" in out
    assert "every process stopped" in out
