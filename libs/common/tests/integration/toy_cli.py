"""The toy service's command line, as a service's console script would run it.

``python toy_cli.py DATABASE_URL BOOTSTRAP TOPIC GROUP HOME <command> [args]``
(used by test_rebuild).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fastapi import FastAPI

from helhet_common.service import ServiceDefinition, run_cli
from helhet_common.settings import ServiceSettings
from integration import toy


def _no_api(settings: ServiceSettings) -> FastAPI:
    return FastAPI()


def definition(url: str, bootstrap: str, topic: str, group: str, home: str) -> ServiceDefinition:
    config = toy.settings(url, bootstrap, Path(home), consumer_group=group)
    return ServiceDefinition(
        name="toy-service",
        settings_factory=lambda: config,
        app_factory=_no_api,
        migrations_dir=Path(__file__).parent,
        tables=toy.shared,
        make_projection=lambda _settings: toy.projection(topic),
    )


if __name__ == "__main__":
    sys.exit(run_cli(definition(*sys.argv[1:6]), sys.argv[6:]))
