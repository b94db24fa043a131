"""The receiving unit's hand-over page (docs/timetable.md, "The receiving unit's page"):
NAV's or the county's staff, signed in, see the hand-over packages addressed to their
agency, read one, and acknowledge it (which runs the acknowledgement route's command).

A package is shown only while the recorded basis it went under (the sharing basis of
the caller's agency the hand-over names) is in force; any other package, of another
agency, another municipality, or one whose basis has ended, is the same 404 as a
package that does not exist (docs/access-matrix.md). Every page that shows a
participant is written to their access log. Employers have no access to plan-service
(decision 0018): the programme owner records an employer's acknowledgement through the
API. Texts in nb/nn/en through the catalogues, as the participant's page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from helhet_common.auth import CASEWORKER, CONTRIBUTOR, PLAN_EDITOR, Principal
from helhet_common.domain_errors import Conflict, DomainError, NotAllowed, NotFound
from helhet_common.web import page_principal
from plan_service.domain.codes import DataCategory
from plan_service.domain.handover import RECEIVING_AGENCY, HandOver
from plan_service.domain.participants import Participant
from plan_service.entrypoints.audit import audited_read
from plan_service.entrypoints.deps import StaffCreate, UowDep
from plan_service.entrypoints.inputs import caller_of
from plan_service.entrypoints.pages import Texts, _date, _message, _render, choose_language
from plan_service.service_layer import commands
from plan_service.service_layer import handover as handlers
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

router = APIRouter(tags=["pages"])
STAFF = frozenset({CASEWORKER, PLAN_EDITOR, CONTRIBUTOR})
# The agencies that receive packages and sign in themselves (an employer does not).
RECEIVING = {agency: kind for kind, agency in RECEIVING_AGENCY.items() if agency != "employer"}
MAX_SHOWN = 100


async def _receiving_staff(request: Request, lang: str) -> tuple[Principal | None, Response | None]:
    principal = await page_principal(request)
    if principal is None:
        return None, RedirectResponse("/login", status_code=303)
    if not (STAFF & set(principal.roles)) or principal.agency not in RECEIVING:
        return None, _message(request, lang, "handover.forbidden", 403)
    return principal, None


async def _visible(
    uow: PlanUnitOfWork, principal: Principal, found: HandOver
) -> Participant | None:
    """The participant, if the package is to the caller's agency in its municipality
    and the sharing basis it went under is in force today; else None."""
    if (
        found.municipality != principal.municipality
        or RECEIVING_AGENCY[found.receiving_kind] != principal.agency
    ):
        return None
    try:
        participant = await uow.participants.get(
            found.participant_id, municipality=principal.municipality
        )
    except NotFound:
        return None
    bases = await uow.sharing_bases.of_participant(participant.id, agency=principal.agency)
    today = uow.clock.today()
    if not any(b.id == found.basis.id and b.in_force(today) for b in bases):
        return None
    return participant


def _name(participant: Participant) -> str:
    personal = participant.personal
    return " ".join(
        str(personal[k]) for k in ("given_name", "family_name") if personal.get(k)
    ) or str(participant.id)


def _summary(found: HandOver, participant: Participant, t: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": str(found.id),
        "participant_id": str(participant.id),
        "name": _name(participant),
        "unit": found.receiving_unit_id,
        "created": _date(found.created_on, t),
        "acknowledged": _date(found.acknowledged_on, t) if found.acknowledged_on else None,
    }


def package_context(package: Mapping[str, Any], t: Mapping[str, str]) -> dict[str, Any]:
    """The package's content as the page shows it: codes named in words where the
    catalogue has them, the rest as recorded."""

    def word(prefix: str, code: Any) -> str:
        return t.get(f"{prefix}.{code}", str(code)) if code is not None else ""

    plan = package.get("plan")
    mapping = package.get("mapping")
    return {
        "plan": {
            "end_goal": word("end_goal", plan.get("end_goal")),
            "norwegian_goal": plan.get("norwegian_goal"),
            "version": plan.get("version"),
        }
        if plan
        else None,
        "mapping": dict(mapping) if mapping else None,
        "test_results": [
            {
                "test": word("handover.test", r.get("test")),
                "taken_on": r.get("taken_on"),
                "levels": ", ".join(f"{k}: {v}" for k, v in (r.get("levels") or {}).items()),
                "passed": r.get("passed"),
            }
            for r in package.get("test_results") or []
        ],
        "placements": [
            {
                "employer": p.get("employer_id"),
                "kind": word("handover.placement_kind", p.get("kind")),
                "from": p.get("start_date"),
                "to": p.get("ended_on") or p.get("planned_end"),
                "outcome": word("handover.outcome", p.get("outcome")) if p.get("outcome") else None,
            }
            for p in package.get("placements") or []
        ],
        "open_actions": [
            {
                "description": a.get("description"),
                "owner": word("agency", a.get("owner_agency")),
                "due": a.get("due_date"),
            }
            for a in package.get("open_actions") or []
        ],
        "comment": package.get("participant_comment"),
    }


@router.get("/hand-overs/page", response_class=HTMLResponse, include_in_schema=False)
async def hand_overs_page(request: Request, uow: UowDep, lang: str | None = None) -> Response:
    """The packages addressed to the signed-in unit's agency, not yet acknowledged
    first; each participant shown is written to their access log."""
    language = choose_language(request, lang)
    principal, refusal = await _receiving_staff(request, language)
    if principal is None:
        assert refusal is not None
        return refusal
    t = Texts(language)

    async def read() -> tuple[Sequence[UUID], Any]:
        found = await uow.hand_overs.to_receiving(
            principal.municipality, RECEIVING[principal.agency], limit=MAX_SHOWN
        )
        shown = []
        for hand_over in found:
            participant = await _visible(uow, principal, hand_over)
            if participant is not None:
                shown.append((hand_over, participant))
        return [p.id for _, p in shown], {
            "hand_overs": [_summary(h, p, t) for h, p in shown],
        }

    context = await audited_read(
        uow, request, principal, None, read, categories=[DataCategory.PLAN.value]
    )
    return _render(request, "hand_overs.html", language, **context)


async def _one(
    request: Request, uow: UowDep, principal: Principal, hand_over_id: UUID, language: str
) -> Any:
    t = Texts(language)

    async def read() -> tuple[Sequence[UUID], Any]:
        found = await uow.hand_overs.find(hand_over_id)
        participant = await _visible(uow, principal, found) if found is not None else None
        if found is None or participant is None:
            raise NotFound.of("hand-over")
        return [participant.id], {
            "hand_over": _summary(found, participant, t),
            "package": package_context(found.package, t),
        }

    return await audited_read(
        uow, request, principal, None, read, categories=[DataCategory.PLAN.value]
    )


@router.get("/hand-overs/{hand_over_id}/page", response_class=HTMLResponse, include_in_schema=False)
async def hand_over_page(
    hand_over_id: UUID, request: Request, uow: UowDep, lang: str | None = None
) -> Response:
    """One package's content, with the button that acknowledges it."""
    language = choose_language(request, lang)
    principal, refusal = await _receiving_staff(request, language)
    if principal is None:
        assert refusal is not None
        return refusal
    try:
        context = await _one(request, uow, principal, hand_over_id, language)
    except NotFound:
        return _message(request, language, "not_found", 404)
    return _render(request, "hand_over.html", language, **context)


@router.post(
    "/hand-overs/{hand_over_id}/page", response_class=HTMLResponse, include_in_schema=False
)
async def acknowledge_from_page(
    hand_over_id: UUID, request: Request, run: StaffCreate, lang: str | None = None
) -> Response:
    """The page's button: the acknowledgement route's command (the same checks and the
    same event), then back to the package."""
    language = choose_language(request, lang)
    principal, refusal = await _receiving_staff(request, language)
    if principal is None:
        assert refusal is not None
        return refusal
    uow = run.uow
    async with uow:
        found = await uow.hand_overs.find(hand_over_id)
        participant = await _visible(uow, principal, found) if found is not None else None
    if found is None or participant is None:
        return _message(request, language, "not_found", 404)
    command = commands.AcknowledgeHandOver(
        caller=caller_of(run.principal), participant_id=participant.id, hand_over_id=found.id
    )
    try:
        await run(handlers.acknowledge_hand_over, command, view=lambda h: {"id": str(h.id)})
    except Conflict:
        return _message(request, language, "handover.already_acknowledged", 409)
    except NotAllowed:
        return _message(request, language, "handover.forbidden", 403)
    except DomainError:
        return _message(request, language, "not_found", 404)
    return RedirectResponse(f"/hand-overs/{found.id}/page?lang={language}", status_code=303)
