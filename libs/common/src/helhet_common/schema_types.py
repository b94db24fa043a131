"""Building blocks of HTTP request schemas that mean the same in every service.

Request bodies are read strictly: a JSON value must already have the type the schema
declares (a number is never a date, a string never a number, ``0``/``1`` never a
boolean), unknown fields are refused, and what a field accepts is what the OpenAPI
document says it accepts:

- ``RequestModel``: the base of every request body (strict, unknown fields refused);
  ``PatchModel`` for partial changes, where ``null`` removes a value only in the fields
  a schema names ``removable`` and is refused (422) in every other field.
- ``Day``: a calendar date written ``YYYY-MM-DD``, from 1900-01-01 to 2100-12-31
  (``formatMinimum``/``formatMaximum`` in the JSON schema).
- ``ClockTime``: a time of day on the local clock, ``HH:MM`` (or ``HH:MM:SS``).
- ``Id``: a UUID written as text.
- ``SINGLE_LINE``/``MULTI_LINE``: the last annotation of a text type; they refuse
  control characters (C0, DEL and C1; ``MULTI_LINE`` lets tab, line feed and carriage
  return through) and say so with a ``pattern``. ``ShortText`` and ``LongText`` are
  the common sizes.
- ``OrgNumber``: a Norwegian organisation number, nine digits with a modulus-11 check
  digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from types import UnionType
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    Strict,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from helhet_common.organisation_numbers import is_valid_org_number

__all__ = [
    "CLOCK_PATTERN",
    "DAY_PATTERN",
    "EARLIEST_DAY",
    "LATEST_DAY",
    "LINE_PATTERN",
    "MULTI_LINE",
    "MULTI_LINE_PATTERN",
    "NON_BLANK_LINE",
    "NON_BLANK_LINE_PATTERN",
    "NON_BLANK_MULTI_LINE_PATTERN",
    "NON_BLANK_TEXT",
    "ORG_NUMBER_PATTERN",
    "SINGLE_LINE",
    "TRIMMED",
    "ClockTime",
    "Day",
    "Id",
    "LongText",
    "NoControlCharacters",
    "OrgNumber",
    "PatchModel",
    "RequestModel",
    "ShortText",
]


class RequestModel(BaseModel):
    """A request body: unknown fields are refused and nothing is coerced.

    FastAPI validates the parsed JSON in pydantic's Python mode, where strict mode
    would also refuse a date or a UUID written as text; ``Day``, ``Id`` and
    ``ClockTime`` therefore take text (and only text) themselves.

    One exception to strictness, from JSON Schema itself: ``2.0`` is an integer there
    (a number with no fractional part), so an integer field takes it as ``2``; ``2.5``
    and ``"2"`` are still refused."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*", mode="before")
    @classmethod
    def _integral_numbers_are_integers(cls, value: Any, info: ValidationInfo) -> Any:
        if (
            isinstance(value, float)
            and value.is_integer()
            and info.field_name is not None
            and _takes_int_not_float(cls.model_fields[info.field_name].annotation)
        ):
            return int(value)
        return value


def _leaf_types(annotation: Any) -> Iterator[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _leaf_types(get_args(annotation)[0])
    elif origin in (Union, UnionType):
        for arg in get_args(annotation):
            yield from _leaf_types(arg)
    else:
        yield annotation


def _takes_int_not_float(annotation: Any) -> bool:
    leaves = set(_leaf_types(annotation))
    return int in leaves and float not in leaves


class PatchModel(RequestModel):
    """A partial change: a field left out stays as it is. ``null`` removes a value only
    in the fields named in ``removable``; anywhere else it is refused (422), field by
    field, before the field's own checks run."""

    removable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_removable(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.removable:
            raise PydanticCustomError(
                "not_removable",
                "This field cannot be removed: leave it out to keep its value",
            )
        return value


# -- dates and times ----------------------------------------------------------------------

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day_as_text(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise PydanticCustomError("date_format", "Input should be a date written YYYY-MM-DD")


@dataclass(frozen=True, eq=False)
class _ExtendJsonSchema:
    """Adds keywords to a type's JSON schema (keeping what pydantic wrote)."""

    keywords: dict[str, Any]

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update(self.keywords)
        return json_schema


# The same range as a pattern: generators and validators that do not know
# ``formatMinimum``/``formatMaximum`` (a proposal, not JSON Schema 2020-12) still keep to it.
DAY_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

# A calendar date between 1900 and 2100: far enough for any settlement, programme or
# plan, and never near the end of Python's calendar (the domain adds months and years).
Day = Annotated[
    date,
    Strict(False),
    Field(ge=EARLIEST_DAY, le=LATEST_DAY),
    BeforeValidator(_day_as_text),
    _ExtendJsonSchema(
        {
            "formatMinimum": EARLIEST_DAY.isoformat(),
            "formatMaximum": LATEST_DAY.isoformat(),
            "pattern": DAY_PATTERN,
        }
    ),
]

CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
_CLOCK = re.compile(CLOCK_PATTERN)


def _clock_as_text(value: Any) -> Any:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and _CLOCK.fullmatch(value):
        return value
    raise PydanticCustomError("time_format", "Input should be a time of day written HH:MM")


# A time of day on the local clock, with no zone: "18:00". JSON Schema's "time" format
# demands an offset (RFC 3339), which a schedule does not have, so the documented form
# is a pattern instead, and answers are written as HH:MM (seconds only when not zero).
ClockTime = Annotated[
    time,
    Strict(False),
    BeforeValidator(_clock_as_text),
    PlainSerializer(lambda t: t.strftime("%H:%M:%S" if t.second else "%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN, "examples": ["18:00"]}),
]


def _uuid_as_text(value: Any) -> Any:
    if isinstance(value, UUID | str):
        return value
    raise PydanticCustomError("uuid_type", "Input should be a UUID written as text")


Id = Annotated[UUID, Strict(False), BeforeValidator(_uuid_as_text)]


# -- text ---------------------------------------------------------------------------------

# C0 controls, DEL, C1 controls, and UTF-16 surrogates (JSON can escape a lone one, and
# no database stores it). MULTI_LINE lets tab, line feed and carriage return through.
# The documented patterns leave the surrogates out: many validators' regex engines (Rust's,
# Go's) cannot name them, and would drop the whole pattern; a text in valid UTF-8 has
# none anyway, and the check below still refuses an escaped one.
LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
MULTI_LINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
# Not blank: leading whitespace (but no control character: ``[^\S...]``), then one
# character that is neither whitespace nor control, then anything allowed.
NON_BLANK_LINE_PATTERN = r"^[^\S\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
NON_BLANK_MULTI_LINE_PATTERN = (
    r"^[^\S\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*"
    r"[^\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
    r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
)
_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class NoControlCharacters:
    """An annotation of a text type: refuses control characters in the text as sent
    (before any trimming), and documents it with a ``pattern``. ``non_blank`` also
    refuses a text of whitespace only (pattern: at least one other character)."""

    line_breaks: bool = False
    non_blank: bool = False

    @property
    def pattern(self) -> str:
        if self.non_blank:
            return NON_BLANK_MULTI_LINE_PATTERN if self.line_breaks else NON_BLANK_LINE_PATTERN
        return MULTI_LINE_PATTERN if self.line_breaks else LINE_PATTERN

    def _check(self, value: Any) -> Any:
        if self.non_blank and isinstance(value, str) and not value.strip():
            raise PydanticCustomError("blank_text", "Text must not be blank")
        forbidden = _MULTI_LINE_FORBIDDEN if self.line_breaks else _LINE_FORBIDDEN
        if isinstance(value, str) and (found := forbidden.search(value)):
            raise PydanticCustomError(
                "control_character",
                "Text must not contain control characters (found U+{code} at {position})",
                {"code": f"{ord(found.group()):04X}", "position": found.start()},
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema


SINGLE_LINE = NoControlCharacters()
MULTI_LINE = NoControlCharacters(line_breaks=True)
NON_BLANK_LINE = NoControlCharacters(non_blank=True)
NON_BLANK_TEXT = NoControlCharacters(line_breaks=True, non_blank=True)
# Trims what was sent once it has passed its checks. The lengths are checked on the text
# as sent, as the documented ``minLength``/``maxLength`` say.
TRIMMED = AfterValidator(str.strip)

# A name, a title, a place, a unit: one line of 1-200 characters, not blank; trimmed.
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200), NON_BLANK_LINE, TRIMMED]
# Free text (a reason, a note): line breaks and tabs allowed, 1-2000 characters, not
# blank; trimmed.
LongText = Annotated[str, StringConstraints(min_length=1, max_length=2000), NON_BLANK_TEXT, TRIMMED]


# -- identifiers --------------------------------------------------------------------------

ORG_NUMBER_PATTERN = r"^[0-9]{9}$"


def _org_number(value: str) -> str:
    if not is_valid_org_number(value):
        raise PydanticCustomError(
            "org_number_check_digit",
            "The organisation number's check digit (modulus 11) does not match",
        )
    return value


OrgNumber = Annotated[
    str,
    StringConstraints(pattern=ORG_NUMBER_PATTERN),
    AfterValidator(_org_number),
    _ExtendJsonSchema(
        {
            "description": "Norwegian organisation number (organisasjonsnummer): nine "
            "digits, the last a modulus-11 check digit over the first eight with the "
            "weights 3, 2, 7, 6, 5, 4, 3, 2. A wrong check digit is a 422.",
            "examples": ["974760673"],
        }
    ),
]
