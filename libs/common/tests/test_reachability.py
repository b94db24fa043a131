"""Readiness asks the broker without the development broker runner."""

from __future__ import annotations

import subprocess
import sys

from helhet_common.app import BrokerProbe
from helhet_common.broker import free_port
from helhet_common.settings import ServiceSettings


def test_the_services_readiness_does_not_import_the_development_broker() -> None:
    code = (
        "import sys, helhet_common.app, helhet_common.service; "
        "assert 'helhet_common.broker' not in sys.modules, 'the Tansu runner was imported'"
    )
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr


async def test_a_secured_listener_is_asked_by_a_client_and_its_absence_is_a_reason() -> None:
    settings = ServiceSettings(
        kafka_bootstrap_servers=f"127.0.0.1:{free_port()}",
        kafka_security_protocol="SSL",
    )
    reason = await BrokerProbe(settings).check()
    assert reason  # nothing listens there: not ready, with a reason, no exception
