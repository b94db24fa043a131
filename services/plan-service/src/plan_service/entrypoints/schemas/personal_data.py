"""A participant's request for access (GDPR art. 15)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from helhet_common.access.export import PersonalData


class MissingService(BaseModel):
    service: str = Field(description="the service whose answer is missing")
    reason: str = Field(description="why: not configured, no answer in time, answered 503...")


class PersonalDataExport(BaseModel):
    """Everything Helhet holds about the participant: each service's own answer."""

    participant_id: UUID
    generated_at: datetime
    incomplete: bool = Field(
        description="true when a service's answer is missing: the export does not show all"
    )
    services: list[PersonalData] = Field(
        description="each service's answer (plan-service's first); a service that holds "
        "nothing about the participant answers with no records"
    )
    missing: list[MissingService] = Field(description="the services whose answer is missing")
