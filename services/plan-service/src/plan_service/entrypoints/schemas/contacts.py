"""Contact persons."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import AgencyCode, FreeText, Name, ShortText, Strict

Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ]{4,19}$")]

Email = Annotated[
    str,
    StringConstraints(
        pattern=r"^[^@\s\x00-\x1f\x7f-\x9f]{1,64}@[^@\s\x00-\x1f\x7f-\x9f]{1,189}"
        r"\.[A-Za-z]{2,24}$",
        max_length=254,
    ),
]


class ContactCreate(Strict):
    """The participant's contact person in an agency. Replacing an agency's current
    contact requires a hand-over note for the new one; the previous contact is kept in
    the history. Employees' names and phone numbers are never published."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "agency": "nav",
                    "name": "Ola Veileder",
                    "role": "veileder, flyktningteamet",
                    "phone": "+47 62 00 00 00",
                    "email": "ola.veileder@nav.example",
                    "handover_note": "Ruta venter svar på søknad om arbeidstrening.",
                }
            ]
        },
    )

    agency: AgencyCode
    name: Name
    role: ShortText | None = None
    phone: Phone | None = None
    email: Email | None = None
    assigned_on: Day | None = Field(default=None, description="default: today")
    handover_note: FreeText | None = Field(
        default=None,
        description="required when the agency already has a contact person "
        "(422 handover-note-required)",
    )


class ContactPublic(BaseModel):
    id: UUID
    agency: str
    name: str
    role: str | None
    phone: str | None
    email: str | None
    assigned_on: date
    ended_on: date | None
    handover_note: str | None
    current: bool


class ContactsPublic(BaseModel):
    items: list[ContactPublic]
