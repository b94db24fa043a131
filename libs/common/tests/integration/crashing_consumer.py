"""Run the toy consumer and kill the process right after its first database commit,
before the Kafka offsets are committed (used by test_consumer_runner)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from integration import toy


def _die() -> None:
    sys.stdout.flush()
    os._exit(137)


async def main(url: str, bootstrap: str, topic: str, group: str, home: str) -> None:
    config = toy.settings(url, bootstrap, Path(home))
    runner, _ = toy.runner(config, topic, group_id=group, after_db_commit=_die)
    await runner.run(asyncio.Event())


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
