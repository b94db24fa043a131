"""Field types for HTTP schemas that mean the same in every service."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"

# A time of day on the local clock, with no zone: "18:00". JSON Schema's "time" format
# demands an offset (RFC 3339), which a schedule does not have, so the documented form
# is a pattern instead, and answers are written as HH:MM (seconds only when not zero).
ClockTime = Annotated[
    time,
    PlainSerializer(lambda t: t.strftime("%H:%M:%S" if t.second else "%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN, "examples": ["18:00"]}),
]
