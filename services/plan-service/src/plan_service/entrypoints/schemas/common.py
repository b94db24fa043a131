"""Types every resource's schemas share: codes, text and the strict request base."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from helhet_common import schema_types
from helhet_common.schema_types import MULTI_LINE, NON_BLANK_TEXT, TRIMMED, LongText, RequestModel

Municipality = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]

PersonSub = Annotated[str, StringConstraints(pattern=r"^[!-~]{1,200}$")]

# Text refuses control characters (NUL, ESC, ...): names on one line, free text with
# line breaks and tabs.
Name = schema_types.ShortText

ShortText = Name

HouseholdType = Literal["single", "family"]
GenderCode = Literal["female", "male", "other", "unknown"]

RegimeCode = Literal["integreringsloven", "introduksjonsloven"]

EndGoalCode = Literal["work", "education", "qualification"]

CefrCode = Literal["A1", "A2", "B1", "B2", "C1"]

ActivityKindCode = Literal[
    "norwegian",
    "social_studies",
    "language_practice",
    "work_practice",
    "nav_measure",
    "education",
    "parenting_guidance",
    "health",
    "other",
]

ParticipantGroupCode = Literal["work_oriented", "school_oriented", "vocational"]

SectionCode = Literal["end_goal", "norwegian_goal", "activities"]

AgencyCode = Literal["refugee-service", "learning-centre", "nav", "county", "employer", "volunteer"]

Reason = LongText

FreeText = Annotated[str, StringConstraints(min_length=1, max_length=4000), NON_BLANK_TEXT, TRIMMED]

Notes = Annotated[str, StringConstraints(max_length=4000), MULTI_LINE]


class Strict(RequestModel):
    """A request body: strict types (no coercion), unknown fields refused."""
