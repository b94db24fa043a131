"""Erasure of a participant (docs/retention.md)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from plan_service.entrypoints.schemas.common import Strict

ErasureReasonCode = Literal["retention_expired", "request"]


class ErasureCreate(Strict):
    """Erase the participant's personal data in plan-service and tell every service."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "request"}]}
    )

    reason: ErasureReasonCode = Field(
        description="`request`: the participant asked (GDPR art. 17); `retention_expired`: "
        "the retention period is over (the daily `erase-due` job does this on its own)"
    )


class ErasurePublic(BaseModel):
    participant_id: UUID
    erased_on: date
    reason: ErasureReasonCode
