"""A participant's right of access (GDPR art. 15): what one service holds about them.

Every service that holds personal data about participants answers
``GET /participants/{participant_id}/personal-data`` with a ``PersonalData``: its own
sections, each a list of records as the service stores them (ids, codes, dates, and the
personal data it owns). plan-service gathers the services' answers into the
participant's one export (JSON and a readable page), calling each service with the
caller's own token, so each service decides for itself and logs the read for the
participant (purpose ``INNSYN``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

# The purpose of a read made to answer the participant's request for access.
INNSYN = "innsyn"
PERSONAL_DATA_PATH = "/participants/{participant_id}/personal-data"


class PersonalDataSection(BaseModel):
    """One kind of record the service holds about the participant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(max_length=60, description="machine name, e.g. `placements`")
    title: str = Field(max_length=200, description="what the records are, in Norwegian")
    records: list[dict[str, Any]] = Field(description="the records, as the service holds them")


class PersonalData(BaseModel):
    """Everything one service holds about one participant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    service: str = Field(max_length=60, description="the service that holds the data")
    participant_id: UUID
    generated_at: datetime
    sections: list[PersonalDataSection]
