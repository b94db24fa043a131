"""The participant's own page (server-rendered): their goals, activities and hours, the
next review, their contact persons and the open actions that concern them, in bokmål
(the default), nynorsk or English (``?lang=nb|nn|en``). The language chosen with
``?lang=`` is remembered in a cookie (a year, ``SameSite=Lax``); without a choice the
page follows the cookie, then the browser's ``Accept-Language``, then bokmål.

Sign-in: where the issuers file has a participants' issuer (ID-porten), the page sends
the participant there (``/login?as=participant``); the ``pid`` it gives is looked up
among the national identity numbers the programme owner linked, and at the first
sign-in the participant's login (``person_sub``) becomes their ID-porten subject. A
person nobody linked gets a page saying whom to contact. Otherwise the page uses the
staff issuer or the development token sign-in, with a ``participant`` token whose
``sub`` is the participant's own login. A participant sees only their own page:
someone else's is a 404, and staff get a 403 (they use the API). Reading the page is
written to the access log like any read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from helhet_common.auth import PARTICIPANT, Principal
from helhet_common.clock import OSLO
from helhet_common.domain_errors import NotFound
from helhet_common.web import PAGE_HEADERS, Translations, page_principal, sign_in_router
from plan_service.adapters.repositories.access_log import AccessLogEntry
from plan_service.adapters.repositories.follow_up import ActionQuery
from plan_service.domain.attendance import EntryKind, LedgerEntry
from plan_service.domain.codes import ActionFilter, DataCategory
from plan_service.domain.follow_up import Action, ContactPerson, current_contacts
from plan_service.domain.participants import Participant
from plan_service.domain.plans import Activity
from plan_service.domain.timetable import (
    Closure,
    ParticipantHoliday,
    Session,
    check_week,
    monday_of,
)
from plan_service.entrypoints.audit import audited_read
from plan_service.entrypoints.deps import UowDep
from plan_service.entrypoints.inputs import caller_of
from plan_service.entrypoints.personal_data import authorization_of, export_of
from plan_service.entrypoints.schemas.personal_data import PersonalDataExport
from plan_service.service_layer import access
from plan_service.service_layer.benefit import programme_period
from plan_service.service_layer.timetable import heavy_self_study
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
# Tigrinya waits for a translator (docs/translations.md): its missing texts are shown
# in English, marked ``lang="en"``.
PARTIAL = {"ti": "en"}
TRANSLATIONS = Translations(HERE / "translations", default="nb", partial=PARTIAL)
# A catalogue's review state (its ``_review.state``): only a reviewed one is shown
# without a notice; a draft (or a catalogue that does not say) shows the notice.
REVIEWED, UNREVIEWED = "reviewed", "unreviewed"
# Formats, not texts: never wrapped in a language mark.
FORMAT_KEYS = frozenset({"date_format", "datetime_format", "decimal_separator", "language_name"})
RIGHT_TO_LEFT = frozenset({"ar", "fa", "prs", "ps", "ur", "he", "ckb"})
MAX_ACTIONS = 100
# The participant's language choice, remembered for a year (not personal data: a code).
LANGUAGE_COOKIE = "helhet_lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
# The reads of the participant's data shown at a time on their page ("who read my
# data"), newest first; their own reads are left out.
ACCESS_LOG_SHOWN = 20
# The ledger entries shown at a time on the page, newest first.
LEDGER_SHOWN = 20

router = APIRouter(tags=["pages"])
sign_in = sign_in_router(home="/")


def direction(lang: str) -> str:
    """The writing direction of a language: ``rtl`` for Arabic, Dari, Persian, …"""
    return "rtl" if lang.split("-")[0] in RIGHT_TO_LEFT else "ltr"


def review_state(lang: str, translations: Translations | None = None) -> str:
    """``reviewed`` if the language's catalogue says a reviewer read it, else
    ``unreviewed`` (a draft, or a catalogue without a ``_review`` state)."""
    review = (translations or TRANSLATIONS).review_of(lang) or {}
    return REVIEWED if review.get("state") == REVIEWED else UNREVIEWED


class Texts(Mapping[str, str]):
    """One language's texts for a page; a text the catalogue still lacks comes from the
    fallback language inside ``<span lang="…">`` so that screen readers and browsers
    read it as that language."""

    def __init__(self, lang: str) -> None:
        self._texts = TRANSLATIONS[lang]
        self.missing = TRANSLATIONS.missing(lang)
        self.fallback = TRANSLATIONS.fallback_of(lang)
        self.reviewed = review_state(lang) == REVIEWED

    def __getitem__(self, key: str) -> str:
        text = self._texts[key]
        if key in self.missing and key not in FORMAT_KEYS:
            return Markup('<span lang="{}">{}</span>').format(self.fallback, text)
        return text

    def plain(self, key: str) -> str:
        """The text without a mark, for an attribute or the page title."""
        return self._texts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


def _date(day: date | None, t: Mapping[str, str]) -> str:
    return day.strftime(t["date_format"]) if day else ""


def _moment(at: datetime, t: Mapping[str, str]) -> str:
    return at.astimezone(OSLO).strftime(t["datetime_format"])


def _read(entry: AccessLogEntry, t: Mapping[str, str]) -> dict[str, Any]:
    agency = t.get(f"agency.{entry.agency}", entry.agency)
    return {
        "at": _moment(entry.at, t),
        "service": entry.service,
        "service_name": t.get(f"service.{entry.service}", entry.service),
        "who": Markup("{}, {}").format(agency, entry.client_name) if entry.client_name else agency,
        "role": t.get(f"role.{entry.role}", entry.role) if entry.role else None,
        "purpose": t.get(f"purpose.{entry.purpose}", entry.purpose),
    }


def access_log_context(
    entries: Sequence[AccessLogEntry], total: int, offset: int, t: Mapping[str, str]
) -> dict[str, Any]:
    """One page of the participant's reads, across services, as the page shows them,
    with the offsets of the older and newer pages (None where there is none)."""
    return {
        "reads": [_read(e, t) for e in entries],
        "total": total,
        "more": t["access_log.more"].format(
            first=offset + 1, last=offset + len(entries), total=total
        )
        if total > len(entries)
        else None,
        "older": offset + ACCESS_LOG_SHOWN if offset + len(entries) < total else None,
        "newer": max(offset - ACCESS_LOG_SHOWN, 0) if offset > 0 else None,
    }


def _hours(hours: float, t: Mapping[str, str]) -> str:
    return f"{hours:g}".replace(".", t["decimal_separator"])


def _activity(activity: Activity, t: Mapping[str, str]) -> dict[str, Any]:
    start, end = _date(activity.from_date, t), _date(activity.to_date, t)
    if start and end:
        period = f"{start} \N{EN DASH} {end}"
    elif start:
        period = t["activity.from"].format(date=start)
    elif end:
        period = t["activity.until"].format(date=end)
    else:
        period = t["activity.whole_plan"]
    return {
        "code": activity.kind.value,
        "kind": t[f"kind.{activity.kind.value}"],
        "provider": activity.provider_unit,
        "hours": _hours(activity.hours_per_week, t),
        "period": period,
        "counted": activity.counts_as_programme_hours,
    }


def _clock(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def _agency_name(agency: str, t: Mapping[str, str]) -> str:
    return t.get(f"agency.{agency}", agency)


def week_context(
    participant: Participant,
    sessions: Sequence[Session],
    closures: Sequence[Closure],
    holidays: Sequence[ParticipantHoliday],
    t: Mapping[str, str],
    today: date,
) -> dict[str, Any]:
    """This week (Monday to Sunday) from the timetable, day by day: each session with
    its provider and times, and on a day the provider is closed, whether someone runs
    the activity instead; the participant's own holiday; the week's hours against full
    time (within the programme)."""
    monday = monday_of(today)
    days: list[dict[str, Any]] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        on_holiday = any(h.covers(day) for h in holidays)
        items = []
        for session in sorted(sessions, key=lambda x: x.starts):
            if not session.runs_on(day):
                continue
            closing = [c for c in closures if c.closes(session, day)]
            cover = next((c.covered_by for c in closing if c.covered_by), None)
            if on_holiday:
                note, state = t["week.your_holiday"], "holiday"
            elif closing and cover:
                note = t["week.covered"].format(by=_agency_name(cover, t))
                state = "covered"
            elif closing:
                note, state = t["week.closed"], "closed"
            else:
                note, state = None, "runs"
            items.append(
                {
                    "kind": t[f"provider.{session.provider_kind.value}"],
                    "provider": session.provider_id,
                    "starts": f"{session.starts:%H:%M}",
                    "ends": f"{session.ends:%H:%M}",
                    "note": note,
                    "state": state,
                }
            )
        days.append(
            {
                "iso": day.isoformat(),
                "name": t[f"weekday.{day.isoweekday()}"],
                "date": _date(day, t),
                "today": day == today,
                "holiday": on_holiday,
                "sessions": items,
            }
        )
    summary = None
    period = programme_period(participant)
    if period is not None and period[0] <= monday + timedelta(days=6) and monday <= period[1]:
        week = check_week(
            monday,
            sessions,
            closures,
            programme=period,
            heavy_self_study=heavy_self_study(participant),
            holidays=holidays,
        )
        summary = {
            "full_time": week.full_time,
            "text": t["week.hours"].format(
                hours=_hours(week.minutes / 60, t), required=_hours(week.required_minutes / 60, t)
            )
            + " "
            + (t["week.full_time"] if week.full_time else t["week.below_full_time"]),
        }
    return {
        "heading": t["week.heading"].format(
            first=_date(monday, t), last=_date(monday + timedelta(days=6), t)
        ),
        "days": days,
        "any": any(d["sessions"] for d in days),
        "summary": summary,
    }


def _absence_words(entry: LedgerEntry, t: Mapping[str, str]) -> str:
    """An absence's code in plain words; a code the municipality added is named with
    what it does to the benefit."""
    code = entry.code or ""
    known = t.get(f"absence.{code}")
    if known is not None:
        return known
    effect = entry.effect.value if entry.effect is not None else "keeps"
    return t["absence.other"].format(code=code, effect=t[f"effect.{effect}"])


def ledger_context(
    entries: Sequence[LedgerEntry],
    corrected: Mapping[UUID, UUID],
    total: int,
    offset: int,
    t: Mapping[str, str],
) -> dict[str, Any]:
    """One page of the participant's ledger, newest first, with the offsets of the
    older and newer pages (None where there is none)."""
    shown = []
    for entry in entries:
        attendance = entry.kind is EntryKind.ATTENDANCE
        shown.append(
            {
                "id": str(entry.id),
                "kind": entry.kind.value,
                "date": _date(entry.on, t),
                "what": t["ledger.attendance"] if attendance else t["ledger.absence"],
                "hours": _hours(entry.hours, t),
                "code": entry.code,
                "explained": None if attendance else _absence_words(entry, t),
                "by": _agency_name(entry.recorded_by_agency, t),
                "corrected": entry.id in corrected,
                "correction": entry.corrects is not None,
            }
        )
    return {
        "entries": shown,
        "total": total,
        "more": t["ledger.more"].format(first=offset + 1, last=offset + len(entries), total=total)
        if total > len(entries)
        else None,
        "older": offset + LEDGER_SHOWN if offset + len(entries) < total else None,
        "newer": max(offset - LEDGER_SHOWN, 0) if offset > 0 else None,
    }


def page_context(
    participant: Participant,
    contacts: Sequence[ContactPerson],
    actions: Sequence[Action],
    t: Mapping[str, str],
    today: date,
) -> dict[str, Any]:
    """What the participant page shows, in the words of one language."""
    plan = participant.plan
    due = participant.next_review_due()
    overdue = participant.review_overdue(today)
    return {
        "moved": participant.moved is not None,
        "plan": {
            "end_goal": t[f"end_goal.{plan.end_goal.value}"],
            "group": t[f"group.{plan.participant_group.value}"] if plan.participant_group else None,
            "norwegian_goal": plan.norwegian_goal.value,
            "norwegian_goal_meaning": t[f"cefr.{plan.norwegian_goal.value}"],
            "activities": [_activity(a, t) for a in plan.activities],
            "hours_total": t["hours_total"].format(hours=_hours(plan.programme_hours_per_week, t)),
            "full_time": plan.full_time,
            "full_time_text": t["full_time_yes"]
            if plan.full_time
            else t["full_time_no"].format(required=_hours(plan.required_hours_per_week, t)),
        }
        if plan
        else None,
        "review": {
            "overdue": overdue,
            "text": t["review_overdue" if overdue else "review_due"].format(date=_date(due, t)),
        }
        if due
        else None,
        "contacts": [
            {
                "agency": c.agency,
                "agency_name": t.get(f"agency.{c.agency}", c.agency),
                "name": c.name,
                "role": c.role,
                "phone": c.phone,
                "email": c.email,
            }
            for c in contacts
        ],
        "actions": [
            {
                "description": a.description,
                "owner": t.get(f"agency.{a.owner_agency}", a.owner_agency),
                "due": _date(a.due_date, t),
                "overdue": a.overdue(today),
            }
            for a in actions
        ],
    }


def _accepted(header: str) -> list[str]:
    """The languages of an ``Accept-Language`` header, most wanted first (``nb-NO``
    counts as ``nb``; ``no`` as bokmål); languages with ``q=0`` are left out."""
    wanted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary and quality > 0:
            wanted.append((-quality, index, "nb" if primary == "no" else primary))
    return [code for _, _, code in sorted(wanted)]


def choose_language(request: Request, lang: str | None) -> str:
    """``?lang=`` if it names a language of the page, else the remembered choice, else
    the first language of the browser's ``Accept-Language`` the page has, else bokmål."""
    candidates = [lang, request.cookies.get(LANGUAGE_COOKIE)]
    candidates += _accepted(request.headers.get("accept-language", ""))
    for candidate in candidates:
        if candidate in TRANSLATIONS.languages:
            return candidate
    return TRANSLATIONS.default


def _remember_language(request: Request, response: Response) -> Response:
    """A ``?lang=`` choice of a language the page has is kept in a cookie."""
    chosen = request.query_params.get("lang")
    if chosen in TRANSLATIONS.languages:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=LANGUAGE_COOKIE_MAX_AGE,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


def _render(
    request: Request, name: str, lang: str, status_code: int = 200, **context: Any
) -> Response:
    t = Texts(lang)
    languages = [(code, TRANSLATIONS[code]["language_name"]) for code in TRANSLATIONS.languages]
    page = {"t": t, "lang": lang, "dir": direction(lang), "languages": languages}
    response = templates.TemplateResponse(
        request,
        name,
        {
            **page,
            # A catalogue still missing texts says so; a complete one not yet reviewed
            # says it is a draft. Both link to the bokmål page.
            "partly_translated": bool(t.missing),
            "unreviewed": not t.missing and not t.reviewed,
            **context,
        },
        status_code=status_code,
        headers=dict(PAGE_HEADERS),
    )
    return _remember_language(request, response)


def _message(request: Request, lang: str, key: str, status_code: int) -> Response:
    return _render(request, "message.html", lang, status_code, key=key)


def _login_url(request: Request) -> str:
    sign_in = getattr(request.app.state, "sign_in", None)
    if sign_in is not None and "participants" in getattr(sign_in, "by_kind", {}):
        return "/login?as=participant"
    return "/login"


async def _signed_in_participant(
    request: Request, lang: str, uow: PlanUnitOfWork
) -> tuple[Principal | None, Response | None]:
    principal = await page_principal(request)
    if principal is None:
        return None, RedirectResponse(_login_url(request), status_code=303)
    if not principal.has_role(PARTICIPANT):
        return None, _message(request, lang, "forbidden", 403)
    if principal.national_id is not None:
        return await _the_person_behind(request, lang, uow, principal)
    return principal, None


async def _the_person_behind(
    request: Request, lang: str, uow: PlanUnitOfWork, principal: Principal
) -> tuple[Principal | None, Response | None]:
    """An ID-porten sign-in: the participant linked to the number, who acts with their
    own login in their municipality; the first sign-in links the login."""
    assert principal.national_id is not None
    async with uow:
        found = await uow.participants.find_by_national_id(principal.national_id)
        if found is None:
            return None, _message(request, lang, "unknown_person", 404)
        if found.person_sub is None:
            found.link_login(principal.sub)
            await uow.participants.save(found)
            await uow.commit()
    return replace(
        principal,
        sub=found.person_sub or principal.sub,
        municipality=found.municipality,
        municipalities=(found.municipality,),
        national_id=None,
    ), None


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(request: Request, uow: UowDep, lang: str | None = None) -> Response:
    """The signed-in participant's own page."""
    language = choose_language(request, lang)
    principal, refusal = await _signed_in_participant(request, language, uow)
    if principal is None:
        assert refusal is not None
        return refusal
    async with uow:
        found = await uow.participants.find_by_person_sub(principal.municipality, principal.sub)
    if found is None:
        return _message(request, language, "no_login", 404)
    # Only a choice made here travels on; otherwise the page chooses again.
    query = f"?lang={language}" if lang == language else ""
    return _remember_language(
        request, RedirectResponse(f"/participants/{found.id}/page{query}", status_code=303)
    )


@router.get(
    "/participants/{participant_id}/page", response_class=HTMLResponse, include_in_schema=False
)
async def participant_page(
    participant_id: UUID,
    request: Request,
    uow: UowDep,
    lang: str | None = None,
    reads: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    entries: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    language = choose_language(request, lang)
    principal, refusal = await _signed_in_participant(request, language, uow)
    if principal is None:
        assert refusal is not None
        return refusal
    caller = caller_of(principal)
    t = Texts(language)

    async def read() -> tuple[Sequence[UUID], Any]:
        today = uow.clock.today()
        participant = await access.load_for(uow, caller, participant_id, category=DataCategory.PLAN)
        contacts = current_contacts(await uow.contacts.of_participant(participant.id))
        query = ActionQuery(
            municipality=participant.municipality,
            participant_id=participant.id,
            status=ActionFilter.OPEN,
        )
        actions = await uow.actions.list(query, today=today, limit=MAX_ACTIONS, offset=0)
        own = principal.sub
        shown = await uow.access_log.list(
            participant.id, limit=ACCESS_LOG_SHOWN, offset=reads, excluding_sub=own
        )
        total = await uow.access_log.count(participant.id, excluding_sub=own)
        monday = monday_of(today)
        sessions = await uow.sessions.of_participant(participant.id)
        closures = await uow.closures.of_municipality(
            participant.municipality, first=monday, last=monday + timedelta(days=6)
        )
        holidays = await uow.holidays.of_participant(participant.id)
        ledger = await uow.ledger.list(
            participant.id, limit=LEDGER_SHOWN, offset=entries, newest_first=True
        )
        corrected = await uow.ledger.corrections_of(e.id for e in ledger)
        return [participant.id], {
            **page_context(participant, contacts, actions, t, today),
            "week": week_context(participant, sessions, closures, holidays, t, today),
            "ledger": ledger_context(
                ledger, corrected, await uow.ledger.count(participant.id), entries, t
            ),
            "access_log": access_log_context(shown, total, reads, t),
        }

    try:
        context = await audited_read(
            uow, request, principal, None, read, categories=[DataCategory.PLAN.value]
        )
    except NotFound:
        return _message(request, language, "not_found", 404)
    return _render(request, "participant.html", language, participant_id=participant_id, **context)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def personal_data_context(export: PersonalDataExport, t: Mapping[str, str]) -> dict[str, Any]:
    """The export as the "my data" page shows it: each service, its sections that hold
    records, each record's fields."""

    def name(service: str) -> str:
        return t.get(f"service.{service}", service)

    return {
        "services": [
            {
                "service": data.service,
                "name": name(data.service),
                "sections": [
                    {
                        "name": section.name,
                        "title": section.title,
                        "records": [
                            [(key, _shown(value)) for key, value in record.items()]
                            for record in section.records
                        ],
                    }
                    for section in data.sections
                    if section.records
                ],
            }
            for data in export.services
        ],
        "missing": [
            {"service": m.service, "name": name(m.service), "reason": m.reason}
            for m in export.missing
        ],
    }


@router.get(
    "/participants/{participant_id}/personal-data/page",
    response_class=HTMLResponse,
    include_in_schema=False,
)
async def personal_data_page(
    participant_id: UUID, request: Request, uow: UowDep, lang: str | None = None
) -> Response:
    """ "Mine data": everything Helhet holds about the signed-in participant."""
    language = choose_language(request, lang)
    principal, refusal = await _signed_in_participant(request, language, uow)
    if principal is None:
        assert refusal is not None
        return refusal
    try:
        export = await export_of(
            uow, request, principal, participant_id, authorization=authorization_of(request)
        )
    except NotFound:
        return _message(request, language, "not_found", 404)
    return _render(
        request,
        "personal_data.html",
        language,
        participant_id=participant_id,
        **personal_data_context(export, Texts(language)),
    )
