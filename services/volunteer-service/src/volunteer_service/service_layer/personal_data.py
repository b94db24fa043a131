"""The participant's right of access (GDPR art. 15): everything volunteer-service holds
about them, as ``helhet_common.access.export.PersonalData``.

Who may read it is ``helhet_common.access.innsyn``'s rule; the read is one access-log
record, purpose ``innsyn``. A participant who moved away or exited is answered for too.
A match names the volunteer by id, kind and role: the volunteer's name and contact
details are the volunteer's own personal data.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from helhet_common.access import innsyn
from helhet_common.access.export import PersonalData, PersonalDataSection
from helhet_common.access.recorder import AccessRecord
from volunteer_service.domain.matches import Match
from volunteer_service.service_layer.unit_of_work import VolunteerUnitOfWork

SERVICE = "volunteer-service"


def _match(m: Match) -> dict[str, Any]:
    record = asdict(m)
    record.pop("events", None)
    return record


async def personal_data(
    uow: VolunteerUnitOfWork, record: AccessRecord, participant_id: UUID
) -> PersonalData:
    """The answer, if the caller may read it (else not found or 403); the read is noted
    in ``record``."""
    profile = await uow.participants.profile(participant_id)
    matches = await uow.matches.of_participant(participant_id)
    municipality = profile.municipality if profile else None
    if municipality is None and matches:
        municipality = matches[0].municipality
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
    reads = await uow.participants.reads_of(participant_id)
    sections = [
        PersonalDataSection(
            name="profile",
            title="Det tjenesten vet om deg fra bosettingen og kartleggingen",
            records=[asdict(profile)] if profile else [],
        ),
        PersonalDataSection(
            name="consents",
            title="Samtykkene dine til frivillige og organisasjoner",
            records=[asdict(c) for c in await uow.participants.consents(participant_id)],
        ),
        innsyn.sharing_bases_section(
            asdict(b) for b in await uow.participants.all_sharing_bases(participant_id)
        ),
        PersonalDataSection(
            name="matches",
            title="Koblingene dine med frivillige (guide, mentor, vertsfamilie ...)",
            records=[_match(m) for m in matches],
        ),
        PersonalDataSection(
            name="attendance",
            title="Oppmøtet ditt på aktiviteter og møteplasser",
            records=await uow.activities.attendance_of(participant_id),
        ),
        innsyn.access_log_section(reads),
    ]
    return PersonalData(
        service=SERVICE,
        participant_id=participant_id,
        generated_at=uow.clock.now(),
        sections=sections,
    )
