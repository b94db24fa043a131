"""The attendance and absence ledger, and the introduction benefit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from helhet_common.schema_types import Day, Id
from plan_service.entrypoints.schemas.common import Strict

MONTH_PATTERN = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$"
Month = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
AbsenceCodeText = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
EntryKindCode = Literal["attendance", "absence"]
EffectCode = Literal["keeps", "reduces", "unpaid_leave"]


class LedgerEntryCreate(Strict):
    """Attendance or absence on one day; a correction names the entry it replaces."""

    kind: EntryKindCode
    date: Day = Field(description="the day, within the participant's programme")
    hours: float = Field(gt=0, le=24, multiple_of=0.25, allow_inf_nan=False)
    code: AbsenceCodeText | None = Field(
        default=None,
        description="an absence's code from the municipality's list (GET /absence-codes); "
        "none on attendance",
    )
    corrects: Id | None = Field(
        default=None,
        description="the entry this one corrects (same participant, same month, not "
        "corrected before); the corrected entry stays in the ledger, superseded",
    )


class LedgerEntryPublic(BaseModel):
    id: UUID
    kind: EntryKindCode
    date: date
    hours: float
    code: str | None
    effect: EffectCode | None
    corrects: UUID | None
    superseded_by: UUID | None = Field(default=None, description="the entry correcting this")
    recorded_by: str
    recorded_by_agency: str
    recorded_at: datetime


class LedgerPublic(BaseModel):
    items: list[LedgerEntryPublic] = Field(description="by day, then as recorded")
    total: int
    limit: int
    offset: int


class AbsenceCodePublic(BaseModel):
    code: str
    effect: EffectCode
    label: str


class AbsenceCodesPublic(BaseModel):
    items: list[AbsenceCodePublic]


class BenefitLinePublic(BaseModel):
    rule: str = Field(description="the rule's id in docs/benefit.md")
    kind: str
    description: str
    month: str = Field(description="the month the line's figures belong to (YYYY-MM)")
    amount_ore: int = Field(description="what the line adds to the amount to pay, in øre")
    figure_ore: int | None = Field(default=None, description="the amount the line states")
    hours: float | None = None
    entry_ids: list[UUID]


class BenefitPublic(BaseModel):
    participant_id: UUID
    month: str
    regime: str
    grunnbelop: int = Field(description="G in force on the month's first day, in kroner")
    grunnbelop_from: date
    grunnbelop_verified: bool = Field(description="false: a configured or unverified value")
    lines: list[BenefitLinePublic]
    to_pay_ore: int
    exported_at: datetime | None = Field(
        description="when the month was exported: its lines no longer change"
    )


class BenefitExportCreate(Strict):
    month: Month


class BenefitExportPublic(BaseModel):
    month: str
    exported_at: datetime
    participants: int
    total_ore: int
