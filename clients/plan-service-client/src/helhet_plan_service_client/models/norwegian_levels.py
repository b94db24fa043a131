from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.norwegian_levels_listening import NorwegianLevelsListening
from ..models.norwegian_levels_reading import NorwegianLevelsReading
from ..models.norwegian_levels_speaking import NorwegianLevelsSpeaking
from ..models.norwegian_levels_writing import NorwegianLevelsWriting

T = TypeVar("T", bound="NorwegianLevels")


@_attrs_define
class NorwegianLevels:
    """CEFR per skill; A0 means below A1.

    Attributes:
        listening (NorwegianLevelsListening):
        reading (NorwegianLevelsReading):
        speaking (NorwegianLevelsSpeaking):
        writing (NorwegianLevelsWriting):
    """

    listening: NorwegianLevelsListening
    reading: NorwegianLevelsReading
    speaking: NorwegianLevelsSpeaking
    writing: NorwegianLevelsWriting

    def to_dict(self) -> dict[str, Any]:
        listening = self.listening.value

        reading = self.reading.value

        speaking = self.speaking.value

        writing = self.writing.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "listening": listening,
                "reading": reading,
                "speaking": speaking,
                "writing": writing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        listening = NorwegianLevelsListening(d.pop("listening"))

        reading = NorwegianLevelsReading(d.pop("reading"))

        speaking = NorwegianLevelsSpeaking(d.pop("speaking"))

        writing = NorwegianLevelsWriting(d.pop("writing"))

        norwegian_levels = cls(
            listening=listening,
            reading=reading,
            speaking=speaking,
            writing=writing,
        )

        return norwegian_levels
