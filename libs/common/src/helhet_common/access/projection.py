"""The sharing-basis fold: a service's ``sharing_bases`` table follows plan-service's
``helhet.sharing_basis.recorded.v1`` (one row per basis; a repeat changes nothing).

The fold has the state before a basis's first event (``initial``), so a rebuild may
replay it in bulk (``helhet_common.projection.FoldReplay``): the participant is then
taken from the event, as the batch path's blank row takes it."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from sqlalchemy import Table

from helhet_common.access.contracts import SharingBasisRecorded
from helhet_common.access.rules import SharingBasis
from helhet_common.access.tables import sharing_basis_from_row
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent
from helhet_common.projection import Fold, dataclass_row


def sharing_basis_transition(
    state: SharingBasis, event: IntegrationEvent, envelope: CloudEvent
) -> SharingBasis:
    recorded = cast(SharingBasisRecorded, event)
    return replace(
        state,
        participant_id=recorded.participant_id,
        agency=recorded.agency,
        purpose=recorded.purpose,
        legal_basis=recorded.legal_basis,
        valid_from=recorded.valid_from,
        valid_to=recorded.valid_to,
    )


def sharing_basis_fold(table: Table) -> Fold[SharingBasis]:
    return Fold(
        table=table,
        key="basis_id",
        events=(SharingBasisRecorded,),
        key_of=lambda event: cast(SharingBasisRecorded, event).basis_id,
        transition=sharing_basis_transition,
        from_row=sharing_basis_from_row,
        to_row=lambda state: dataclass_row(state, key="basis_id"),
        blank=lambda event: {"participant_id": cast(SharingBasisRecorded, event).participant_id},
        # Before its first event a basis names no participant yet: the event gives it.
        initial=lambda basis_id: SharingBasis(basis_id=basis_id, participant_id=basis_id),
    )
