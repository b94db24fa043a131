"""The participant's right of access (GDPR art. 15): everything placement-service holds
about them, as ``helhet_common.access.export.PersonalData``.

Who may read it is ``helhet_common.access.innsyn``'s rule; the read is one access-log
record, purpose ``innsyn``. A participant who moved away or exited is answered for too:
what is held is held, wherever they live now.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from helhet_common.access import innsyn
from helhet_common.access.export import PersonalData, PersonalDataSection
from helhet_common.access.recorder import AccessRecord
from placement_service.domain.placements import Placement
from placement_service.service_layer.unit_of_work import PlacementUnitOfWork

SERVICE = "placement-service"


def _placement(p: Placement, employer_name: str | None) -> dict[str, Any]:
    record = asdict(p)
    record.pop("events", None)
    return {**record, "employer_name": employer_name}


async def personal_data(
    uow: PlacementUnitOfWork, record: AccessRecord, participant_id: UUID
) -> PersonalData:
    """The answer, if the caller may read it (else not found or 403); the read is noted
    in ``record``."""
    profile = await uow.participants.profile(participant_id)
    placements = await uow.placements.of_participant(participant_id)
    municipality = profile.municipality if profile else None
    if municipality is None and placements:
        municipality = placements[0].municipality
    bases = await uow.participants.sharing_bases_of(
        [participant_id], agency=record.principal.agency
    )
    innsyn.answer_basis(
        record,
        participant_id,
        municipality=municipality,
        bases=bases.get(participant_id, []),
        today=uow.clock.today(),
    )
    employers = await uow.employers.many(sorted({p.employer_id for p in placements}))
    reads = await uow.participants.reads_of(participant_id)
    sections = [
        PersonalDataSection(
            name="profile",
            title="Det tjenesten vet om deg fra kartleggingen og planen",
            records=[asdict(profile)] if profile else [],
        ),
        PersonalDataSection(
            name="consents",
            title="Samtykkene dine til arbeidsgivere",
            records=[asdict(c) for c in await uow.participants.consents(participant_id)],
        ),
        innsyn.sharing_bases_section(
            asdict(b) for b in await uow.participants.all_sharing_bases(participant_id)
        ),
        PersonalDataSection(
            name="placements",
            title="Praksisplassene dine, med oppfølging, timer og tiltak",
            records=[
                _placement(p, employers[p.employer_id].name if p.employer_id in employers else None)
                for p in placements
            ],
        ),
        PersonalDataSection(
            name="employer_notes",
            title="Det som er notert om deg hos arbeidsgiverne",
            records=[
                {**asdict(entry), "employer_id": employer_id}
                for employer_id, entry in await uow.employers.notes_about(participant_id)
            ],
        ),
        innsyn.access_log_section(reads),
    ]
    return PersonalData(
        service=SERVICE,
        participant_id=participant_id,
        generated_at=uow.clock.now(),
        sections=sections,
    )
