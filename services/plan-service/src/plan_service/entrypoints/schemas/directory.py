"""Who is who: participants as other services' pages name them (issue 15)."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from helhet_common.schema_types import Id
from plan_service.entrypoints.schemas.common import Strict

LOOKUP_MAX = 100


class ParticipantLookup(Strict):
    """The participants a page is about to show, by id."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"ids": ["0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b"]}]},
    )

    ids: list[Id] = Field(min_length=1, max_length=LOOKUP_MAX)


class ParticipantListingPublic(BaseModel):
    id: UUID
    display_name: str | None = Field(description="given and family name; null: none recorded")
    case_number: str | None = Field(
        description="the participant's number in the municipality's case system (from an "
        "import's link, e.g. Visma Flyktning); null: not linked"
    )
    caseworker: str | None = Field(
        description="the refugee service's current contact person; null: none assigned"
    )


class ParticipantListingsPublic(BaseModel):
    items: list[ParticipantListingPublic] = Field(
        description="the participants found that the caller may see; an id the caller may "
        "not see, or that is unknown, is simply absent"
    )
