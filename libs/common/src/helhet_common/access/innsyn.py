"""Who may read a service's answer to a participant's request for access (GDPR art. 15,
``export.PersonalData``), and the pieces a service builds its answer from.

- the participant themself (the subject): a person's token with the ``participant``
  role and no staff role, whose subject (``sub``) is the participant's login. The login
  is the one plan-service links (``person_sub``); a service that holds data about a
  participant knows it as the participant's id (docs/decisions/0012: plan-service gives
  each participant the login ``str(participant_id)`` until it publishes the link);
- the refugee service's staff (caseworker) and the integration leader of the
  participant's municipality, on the law;
- anyone else as any read of the participant: not found, or 403
  ``no-basis-for-purpose`` for another agency that has a sharing basis (the answer is for
  no sharing purpose).

Each answer is one read of the participant in the service's access log, purpose
``innsyn`` (``export.INNSYN``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from helhet_common.access import rules
from helhet_common.access.export import INNSYN, PersonalDataSection
from helhet_common.access.recorder import AccessRecord, reader_of
from helhet_common.access.rules import STAFF_ROLES, Basis, Category, SharingBasis
from helhet_common.auth.principal import INTEGRATION_LEADER, PARTICIPANT, Principal
from helhet_common.domain_errors import NotFound

# The legal basis of the participant's own read: their right of access.
RIGHT_OF_ACCESS = "gdpr_art_15"
# Everything the service holds about the participant: no sharing or consent purpose
# covers it.
PERSONAL_DATA = Category("personal_data", sharing_purposes=frozenset())


def is_subject(principal: Principal, participant_id: UUID) -> bool:
    """The participant themself: a person (not an agency system) with the participant
    role and no staff role, signed in with the participant's login."""
    return (
        not principal.is_machine
        and PARTICIPANT in principal.roles
        and not principal.roles & (STAFF_ROLES | {INTEGRATION_LEADER})
        and principal.sub == str(participant_id)
    )


def answer_basis(
    record: AccessRecord,
    participant_id: UUID,
    *,
    municipality: str | None,
    bases: Iterable[SharingBasis],
    today: date,
) -> Basis:
    """The basis of reading the answer for the participant (noted in ``record``, whose
    purpose becomes ``innsyn``): the participant's own right, or the law for the refugee
    service's staff and the integration leader of ``municipality`` (the participant's;
    None: the service holds nothing that says); else not found or 403."""
    record.purpose = INNSYN
    principal = record.principal
    if is_subject(principal, participant_id):
        basis = Basis(legal_basis=RIGHT_OF_ACCESS)
    elif municipality is None or municipality != principal.municipality:
        raise NotFound.of("participant")
    else:
        basis = rules.basis_for(
            reader_of(principal),
            category=PERSONAL_DATA,
            purpose=INNSYN,
            bases=bases,
            consents=(),
            consent_to=None,
            today=today,
        )
    record.read(participant_id, basis)
    return basis


def record_of(row: Mapping[str, Any], *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """A stored row as an answer's record (every column but ``leave_out``)."""
    left_out = set(leave_out)
    return {k: v for k, v in row.items() if k not in left_out}


# Of a read in the access log, what the participant is shown: not the reader's login
# (nor the row's own ids).
READ_LEFT_OUT = ("id", "sub", "participant_id")


def sharing_bases_section(bases: Iterable[Mapping[str, Any]]) -> PersonalDataSection:
    """The sharing bases the service holds for the participant (plan-service's, folded)."""
    return PersonalDataSection(
        name="sharing_bases",
        title="Hjemlene offentlige etater har for å se opplysningene dine",
        records=[dict(b) for b in bases],
    )


def access_log_section(reads: Iterable[Mapping[str, Any]]) -> PersonalDataSection:
    """The service's access log for the participant, without the readers' logins."""
    return PersonalDataSection(
        name="access_log",
        title="Hvem som har lest opplysningene dine her, og hvorfor",
        records=[record_of(r, leave_out=READ_LEFT_OUT) for r in reads],
    )
