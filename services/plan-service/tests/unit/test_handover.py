"""Transition and hand-over rules: when the transition opens, a hand-over only under a
basis and once per receiving unit, and who may acknowledge it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from helhet_common.domain_errors import Conflict, NotAllowed
from plan_service.domain.codes import OutcomeStatus
from plan_service.domain.handover import (
    Basis,
    BasisKind,
    HandOver,
    ReceivingKind,
    Transition,
    months_before,
)
from plan_service.domain.programmes import Programme

from .builders import PARTICIPANT_ID, programme

BASIS = Basis(kind=BasisKind.SHARING_BASIS, id=UUID("01930000-0000-7000-8000-0000000000ba"))


def make(
    *,
    today: date = date(2028, 1, 10),
    basis: Basis | None = BASIS,
    existing: list[HandOver] | None = None,
    kind: ReceivingKind = ReceivingKind.NAV,
    on: Programme | None = None,
) -> HandOver:
    return HandOver.make(
        hand_over_id=uuid4(),
        participant_id=PARTICIPANT_ID,
        municipality="3403",
        programme=on or programme(),
        months=3,
        receiving_kind=kind,
        receiving_unit_id="nav-hamar",
        basis=basis,
        existing=existing or [],
        package={"participant_comment": "Ruta Haile"},
        created_by="radgiver",
        today=today,
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2028, 3, 31), 3, date(2027, 12, 31)),
        (date(2028, 5, 31), 3, date(2028, 2, 29)),
        (date(2028, 2, 15), 3, date(2027, 11, 15)),
    ],
)
def test_the_transition_opens_months_before_the_end(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_the_checklist_is_refused_before_the_transition_and_complete_when_all_is_done() -> None:
    transition = Transition(participant_id=PARTICIPANT_ID, municipality="3403")
    values = dict(
        programme=programme(),
        months=3,
        nav_dialogue_held_on=date(2027, 12, 1),
        next_step=OutcomeStatus.NAV_MEASURE,
        receiving_kind=ReceivingKind.NAV,
        receiving_unit_id="nav-hamar",
        by="radgiver",
        at=datetime(2028, 1, 1, tzinfo=UTC),
    )

    with pytest.raises(Conflict) as early:
        transition.update(**values, today=date(2027, 12, 30))  # type: ignore[arg-type]
    transition.update(**values, today=date(2027, 12, 31))  # type: ignore[arg-type]

    assert early.value.code == "not-in-transition"
    assert transition.complete
    assert [e.complete for e in transition.events] == [True]


def test_a_hand_over_needs_a_basis_and_goes_once_to_a_unit() -> None:
    with pytest.raises(Conflict) as no_basis:
        make(basis=None)
    first = make()
    with pytest.raises(Conflict) as twice:
        make(existing=[first])

    assert no_basis.value.code == "no-sharing-basis"
    assert twice.value.code == "hand-over-exists"
    assert "Ruta" not in str(first.events)


def test_only_the_receiving_unit_acknowledges_and_then_owns_the_follow_up() -> None:
    hand_over = make()

    with pytest.raises(NotAllowed):
        hand_over.acknowledge(
            by="radgiver", agency="refugee-service", on_behalf=True, today=date(2028, 1, 20)
        )
    hand_over.acknowledge(by="veileder", agency="nav", on_behalf=False, today=date(2028, 1, 20))
    with pytest.raises(Conflict):
        hand_over.acknowledge(by="veileder", agency="nav", on_behalf=False, today=date(2028, 1, 21))

    assert hand_over.follow_up_owner == "nav"
    assert hand_over.events[-1].days_to_acknowledge == 10


def test_the_programme_owner_records_an_employers_acknowledgement() -> None:
    hand_over = make(kind=ReceivingKind.EMPLOYER)

    hand_over.acknowledge(
        by="radgiver", agency="refugee-service", on_behalf=True, today=date(2028, 1, 10)
    )

    assert hand_over.follow_up_owner == "employer"
