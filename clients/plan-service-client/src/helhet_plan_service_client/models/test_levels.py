from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.test_levels_listening_type_0 import TestLevelsListeningType0
from ..models.test_levels_reading_type_0 import TestLevelsReadingType0
from ..models.test_levels_speaking_type_0 import TestLevelsSpeakingType0
from ..models.test_levels_writing_type_0 import TestLevelsWritingType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="TestLevels")


@_attrs_define
class TestLevels:
    """The Norwegian test's level per sub-test taken.

    Attributes:
        listening (None | TestLevelsListeningType0 | Unset):
        reading (None | TestLevelsReadingType0 | Unset):
        speaking (None | TestLevelsSpeakingType0 | Unset):
        writing (None | TestLevelsWritingType0 | Unset):
    """

    listening: None | TestLevelsListeningType0 | Unset = UNSET
    reading: None | TestLevelsReadingType0 | Unset = UNSET
    speaking: None | TestLevelsSpeakingType0 | Unset = UNSET
    writing: None | TestLevelsWritingType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        listening: None | str | Unset
        if isinstance(self.listening, Unset):
            listening = UNSET
        elif isinstance(self.listening, TestLevelsListeningType0):
            listening = self.listening.value
        else:
            listening = self.listening

        reading: None | str | Unset
        if isinstance(self.reading, Unset):
            reading = UNSET
        elif isinstance(self.reading, TestLevelsReadingType0):
            reading = self.reading.value
        else:
            reading = self.reading

        speaking: None | str | Unset
        if isinstance(self.speaking, Unset):
            speaking = UNSET
        elif isinstance(self.speaking, TestLevelsSpeakingType0):
            speaking = self.speaking.value
        else:
            speaking = self.speaking

        writing: None | str | Unset
        if isinstance(self.writing, Unset):
            writing = UNSET
        elif isinstance(self.writing, TestLevelsWritingType0):
            writing = self.writing.value
        else:
            writing = self.writing

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if listening is not UNSET:
            field_dict["listening"] = listening
        if reading is not UNSET:
            field_dict["reading"] = reading
        if speaking is not UNSET:
            field_dict["speaking"] = speaking
        if writing is not UNSET:
            field_dict["writing"] = writing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_listening(data: object) -> None | TestLevelsListeningType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                listening_type_0 = TestLevelsListeningType0(data)

                return listening_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestLevelsListeningType0 | Unset, data)

        listening = _parse_listening(d.pop("listening", UNSET))

        def _parse_reading(data: object) -> None | TestLevelsReadingType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reading_type_0 = TestLevelsReadingType0(data)

                return reading_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestLevelsReadingType0 | Unset, data)

        reading = _parse_reading(d.pop("reading", UNSET))

        def _parse_speaking(data: object) -> None | TestLevelsSpeakingType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                speaking_type_0 = TestLevelsSpeakingType0(data)

                return speaking_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestLevelsSpeakingType0 | Unset, data)

        speaking = _parse_speaking(d.pop("speaking", UNSET))

        def _parse_writing(data: object) -> None | TestLevelsWritingType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                writing_type_0 = TestLevelsWritingType0(data)

                return writing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestLevelsWritingType0 | Unset, data)

        writing = _parse_writing(d.pop("writing", UNSET))

        test_levels = cls(
            listening=listening,
            reading=reading,
            speaking=speaking,
            writing=writing,
        )

        return test_levels
