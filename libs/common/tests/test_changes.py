"""The service-independent parts of ``GET /changes``: an event's subject and the
municipality filter that placement-, volunteer- and reporting-service share."""

from __future__ import annotations

from uuid import uuid4

from helhet_common.changes import Change, of_municipality, subject_of


def change(position: int, **event: object) -> Change:
    return Change(position=position, event=dict(event))


def test_the_subject_is_a_uuid_or_nothing() -> None:
    participant = uuid4()

    assert subject_of(change(1, subject=str(participant))) == participant
    assert subject_of(change(2, subject="not-a-uuid")) is None
    assert subject_of(change(3)) is None


async def test_a_reader_sees_only_the_events_of_its_municipality() -> None:
    found = [
        change(1, municipality="3403"),
        change(2, municipality="3407"),
        change(3),
        change(4, municipality="3403"),
    ]

    shown = await of_municipality("3403")(found)

    assert [c.position for c in shown] == [1, 4]
