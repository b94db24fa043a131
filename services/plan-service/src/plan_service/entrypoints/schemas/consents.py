"""Consents and sharing bases."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from helhet_common.schema_types import Day
from plan_service.entrypoints.schemas.common import AgencyCode, Strict

RecipientKindCode = Literal["employer", "volunteer", "mentor", "organisation"]

ConsentPurposeCode = Literal["placement", "matching", "mentoring", "social_network"]

ConsentStatusCode = Literal["in_force", "expired", "withdrawn"]

SharingPurposeCode = Literal[
    "programme_coordination",
    "mapping",
    "plan",
    "norwegian_training",
    "work_training",
    "nav_measures",
    "education",
    "transition",
    "follow_up",
]

LegalBasisCode = Literal[
    "integreringsloven",
    "introduksjonsloven",
    "nav_loven",
    "sosialtjenesteloven",
    "opplaeringslova",
    "forvaltningsloven",
]

RecipientId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]


class ConsentCreate(Strict):
    """The participant's explicit consent to share with an employer, volunteer, mentor
    or organisation, for one purpose."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "recipient_kind": "employer",
                    "recipient_id": "974760673",
                    "purpose": "placement",
                    "expires_on": "2027-06-30",
                }
            ]
        },
    )

    recipient_kind: RecipientKindCode
    recipient_id: RecipientId = Field(
        description="an employer's organisation number (nine digits, the last a modulus-11 "
        "check digit; else 422 `recipient-id`), or the recipient's id in the service that "
        "owns it"
    )
    purpose: ConsentPurposeCode
    granted_on: Day | None = Field(default=None, description="default: today")
    expires_on: Day | None = None


class ConsentWithdrawal(Strict):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"withdrawn_on": "2026-11-02"}]}
    )

    withdrawn_on: Day | None = Field(default=None, description="default: today")


class ConsentPublic(BaseModel):
    id: UUID
    recipient_kind: RecipientKindCode
    recipient_id: str
    purpose: ConsentPurposeCode
    granted_on: date
    expires_on: date | None
    withdrawn_on: date | None
    status: ConsentStatusCode = Field(description="today")


class ConsentsPublic(BaseModel):
    items: list[ConsentPublic]


class SharingBasisCreate(Strict):
    """A public agency's legal basis for seeing the participant's data, per purpose."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "agency": "nav",
                    "purpose": "nav_measures",
                    "legal_basis": "integreringsloven",
                    "valid_from": "2026-09-01",
                }
            ]
        },
    )

    agency: AgencyCode
    purpose: SharingPurposeCode
    legal_basis: LegalBasisCode
    valid_from: Day | None = Field(default=None, description="default: today")
    valid_to: Day | None = None


class SharingBasisPublic(BaseModel):
    id: UUID
    agency: str
    purpose: SharingPurposeCode
    legal_basis: LegalBasisCode
    valid_from: date
    valid_to: date | None
    in_force: bool = Field(description="today")


class SharingBasesPublic(BaseModel):
    items: list[SharingBasisPublic]
