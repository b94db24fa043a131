"""The events plan-service reads: the reads of participants' personal data the other
services recorded (``helhet.access.recorded.v1``), for the participant's one access log."""

from __future__ import annotations

from helhet_common.access.contracts import ACCESS_TOPIC as ACCESS_TOPIC
from helhet_common.access.contracts import AccessRecordedV1 as AccessRecordedV1
from helhet_common.messaging.registry import EventRegistry

registry = EventRegistry([AccessRecordedV1])
