from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.participant_import_item_outcome_type_0 import ParticipantImportItemOutcomeType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.participant_import_item_problem_type_0 import ParticipantImportItemProblemType0


T = TypeVar("T", bound="ParticipantImportItem")


@_attrs_define
class ParticipantImportItem:
    """One record's answer: what ``PUT .../{external_id}`` would have answered.

    Attributes:
        external_id (str):
        status (int): the status one call would have had (200, 201, 404, 409, ...)
        changed_fields (list[str] | Unset):
        dry_run (bool | Unset):  Default: False.
        outcome (None | ParticipantImportItemOutcomeType0 | Unset): null when the record was refused (`problem` says
            why)
        participant_id (None | Unset | UUID):
        problem (None | ParticipantImportItemProblemType0 | Unset): the problem details one call would have answered
    """

    external_id: str
    status: int
    changed_fields: list[str] | Unset = UNSET
    dry_run: bool | Unset = False
    outcome: None | ParticipantImportItemOutcomeType0 | Unset = UNSET
    participant_id: None | Unset | UUID = UNSET
    problem: None | ParticipantImportItemProblemType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.participant_import_item_problem_type_0 import ParticipantImportItemProblemType0  # noqa: PLC0415

        external_id = self.external_id

        status = self.status

        changed_fields: list[str] | Unset = UNSET
        if not isinstance(self.changed_fields, Unset):
            changed_fields = self.changed_fields

        dry_run = self.dry_run

        outcome: None | str | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        elif isinstance(self.outcome, ParticipantImportItemOutcomeType0):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        participant_id: None | str | Unset
        if isinstance(self.participant_id, Unset):
            participant_id = UNSET
        elif isinstance(self.participant_id, UUID):
            participant_id = str(self.participant_id)
        else:
            participant_id = self.participant_id

        problem: dict[str, Any] | None | Unset
        if isinstance(self.problem, Unset):
            problem = UNSET
        elif isinstance(self.problem, ParticipantImportItemProblemType0):
            problem = self.problem.to_dict()
        else:
            problem = self.problem

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "status": status,
            }
        )
        if changed_fields is not UNSET:
            field_dict["changed_fields"] = changed_fields
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if participant_id is not UNSET:
            field_dict["participant_id"] = participant_id
        if problem is not UNSET:
            field_dict["problem"] = problem

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.participant_import_item_problem_type_0 import ParticipantImportItemProblemType0  # noqa: PLC0415

        d = dict(src_dict)
        external_id = d.pop("external_id")

        status = d.pop("status")

        changed_fields = cast(list[str], d.pop("changed_fields", UNSET))

        dry_run = d.pop("dry_run", UNSET)

        def _parse_outcome(data: object) -> None | ParticipantImportItemOutcomeType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = ParticipantImportItemOutcomeType0(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ParticipantImportItemOutcomeType0 | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))

        def _parse_participant_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                participant_id_type_0 = UUID(data)

                return participant_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        participant_id = _parse_participant_id(d.pop("participant_id", UNSET))

        def _parse_problem(data: object) -> None | ParticipantImportItemProblemType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                problem_type_0 = ParticipantImportItemProblemType0.from_dict(data)

                return problem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ParticipantImportItemProblemType0 | Unset, data)

        problem = _parse_problem(d.pop("problem", UNSET))

        participant_import_item = cls(
            external_id=external_id,
            status=status,
            changed_fields=changed_fields,
            dry_run=dry_run,
            outcome=outcome,
            participant_id=participant_id,
            problem=problem,
        )

        participant_import_item.additional_properties = d
        return participant_import_item

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
