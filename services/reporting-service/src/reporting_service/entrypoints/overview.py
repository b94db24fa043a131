"""The integration leader's overview: JSON API and the server-rendered page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from helhet_common.auth import TOKEN_COOKIE, scope_to_municipality
from helhet_common.errors import NotFound, Unauthorized
from helhet_common.municipalities import name_of
from helhet_common.pagination import PageDep
from reporting_service.adapters import chain_rows, queries
from reporting_service.domain.chain import STAGE_LABELS, STAGE_ORDER, Stage, links
from reporting_service.entrypoints import schemas
from reporting_service.entrypoints.alerts import alert_public
from reporting_service.entrypoints.deps import READER_ROLES, CatalogueDep, Reader, SessionDep

router = APIRouter(tags=["overview"])
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

Language = Annotated[str, Query(pattern="^(nb|en)$", description="nb (default) or en")]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Role not allowed"},
    404: {"description": "Not found in your municipality"},
}


def _overview_public(
    overview: queries.Overview, lang: str, open_alerts: int = 0
) -> schemas.OverviewPublic:
    labels = STAGE_LABELS[lang]
    stages = [
        schemas.StageCount(stage=s.value, label=labels[s], count=overview.by_stage.get(s, 0))
        for s in STAGE_ORDER
    ]
    unknown = overview.by_stage.get(Stage.UNKNOWN, 0)
    if unknown:
        stages.append(
            schemas.StageCount(
                stage=Stage.UNKNOWN.value, label=labels[Stage.UNKNOWN], count=unknown
            )
        )
    return schemas.OverviewPublic(
        municipality=overview.municipality,
        municipality_name=name_of(overview.municipality),
        total=overview.total,
        stages=stages,
        households=overview.by_household,
        open_alerts=open_alerts,
    )


@router.get(
    "/overview",
    response_model=schemas.OverviewPublic,
    summary="Participants per link of the chain in the caller's municipality",
    responses=PROBLEMS,
)
async def get_overview(
    principal: Reader, session: SessionDep, lang: Language = "nb"
) -> schemas.OverviewPublic:
    overview = await queries.overview(session, principal.municipality)
    open_alerts = await queries.open_alert_count(session, principal.municipality)
    return _overview_public(overview, lang, open_alerts)


@router.get(
    "/participants",
    response_model=schemas.ChainsPublic,
    summary="Participants' chains in the caller's municipality, filterable by stage",
    responses=PROBLEMS,
)
async def list_chains(
    principal: Reader,
    session: SessionDep,
    page: PageDep,
    stage: Annotated[Stage | None, Query()] = None,
) -> schemas.ChainsPublic:
    total, rows = await queries.list_chains(
        session,
        principal.municipality,
        stage=stage.value if stage else None,
        limit=page.limit,
        offset=page.offset,
    )
    return schemas.ChainsPublic(
        items=[_chain_public(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


def _chain_public(row: dict[str, Any]) -> schemas.ChainPublic:
    return schemas.ChainPublic(**row, next_step_responsibility=row["next_step"])


@router.get(
    "/participants/{participant_id}/chain",
    response_model=schemas.ChainDetailPublic,
    summary="One participant's chain: every link, who acts next, open alerts",
    responses=PROBLEMS,
)
async def get_chain(
    participant_id: UUID, principal: Reader, session: SessionDep, catalogue: CatalogueDep
) -> schemas.ChainDetailPublic:
    row = await queries.chain(session, participant_id)
    if row is None or row["municipality"] is None:
        raise NotFound("No such participant in your municipality.")
    scope_to_municipality(principal, row["municipality"])
    state = chain_rows.from_row(row)
    model = catalogue.for_municipality(state.municipality)
    step = state.next_step
    return schemas.ChainDetailPublic(
        **_chain_public(row).model_dump(),
        links=[
            schemas.LinkPublic(
                responsibility=link.responsibility.value,
                status=link.status.value,
                started_on=link.started_on,
                ended_on=link.ended_on,
                count=link.count,
                owner_unit=model.owner(link.responsibility) if model else None,
            )
            for link in links(state)
        ],
        next_step=schemas.NextStepPublic(
            responsibility=step.value, unit_id=model.owner(step) if model else None
        )
        if step
        else None,
        open_alerts=[
            alert_public(a) for a in await queries.open_alerts_of(session, participant_id)
        ],
    )


# -- pages -------------------------------------------------------------------------------


@router.get("/login", include_in_schema=False)
async def login(request: Request, token: str | None = None) -> Any:
    """Development sign-in: a token from ``helhet token`` becomes a session cookie."""
    if not token:
        return templates.TemplateResponse(request, "login.html", {"error": None}, status_code=401)
    try:
        await request.app.state.token_verifier.averify(token)
    except Unauthorized as exc:
        return templates.TemplateResponse(
            request, "login.html", {"error": exc.detail}, status_code=401
        )
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        TOKEN_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )
    return response


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def overview_page(request: Request, session: SessionDep, lang: Language = "nb") -> Any:
    from helhet_common.auth import current_principal

    try:
        principal = await current_principal(request)
    except Unauthorized:
        return RedirectResponse("/login", status_code=303)
    if not principal.has_role(*READER_ROLES):  # the same roles as the JSON API
        error = f"requires one of the roles: {', '.join(READER_ROLES)}"
        return templates.TemplateResponse(request, "login.html", {"error": error}, status_code=403)
    overview = _overview_public(
        await queries.overview(session, principal.municipality),
        lang,
        await queries.open_alert_count(session, principal.municipality),
    )
    return templates.TemplateResponse(
        request, "overview.html", {"overview": overview, "lang": lang, "principal": principal}
    )
