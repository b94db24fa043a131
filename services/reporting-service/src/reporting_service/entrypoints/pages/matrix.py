"""The responsibility matrix: who owns and who delivers each link of the chain, the
participants whose next step it is, the open alerts per cell and the gaps."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reporting_service.adapters import queries
from reporting_service.domain.organisation import RESPONSIBILITIES, GapKind, Responsibility
from reporting_service.entrypoints.deps import CatalogueDep, SessionDep
from reporting_service.entrypoints.pages.access import signed_in
from reporting_service.entrypoints.pages.filters import unit_names
from reporting_service.entrypoints.pages.rendering import render
from reporting_service.entrypoints.pages.texts import Translator, page_language

router = APIRouter(include_in_schema=False)


@router.get("/matrix", response_class=HTMLResponse)
async def matrix_page(request: Request, session: SessionDep, catalogue: CatalogueDep) -> Response:
    principal = await signed_in(request)
    t = Translator(page_language(request))
    model = catalogue.for_municipality(principal.municipality)
    if model is None:
        return render(
            request,
            "matrix.html",
            principal=principal,
            lang=t.lang,
            active="matrix",
            context={"model": None},
        )
    at_step = await queries.participants_by_next_step(session, principal.municipality)
    cells = await queries.open_alerts_by_cell(session, principal.municipality)
    gaps: dict[Responsibility, list[GapKind]] = {}
    for gap in model.gaps():
        gaps.setdefault(gap.responsibility, []).append(gap.kind)
    rows = []
    for responsibility in RESPONSIBILITIES:
        assignment = model.assignments.get(responsibility)
        owner = assignment.owner if assignment else None
        deliverers = set(assignment.deliverers) if assignment else set()
        agreement = assignment.agreement if assignment else None
        rows.append(
            {
                "id": responsibility.value,
                "label": t(f"responsibility.{responsibility.value}"),
                "owner": owner,
                "routed_to": model.route(responsibility),
                "participants": at_step.get(responsibility.value, 0),
                "alerts": sum(n for (r, _), n in cells.items() if r == responsibility.value),
                "agreement": agreement,
                "gaps": [g.value for g in gaps.get(responsibility, [])],
                "cells": [
                    {
                        "unit": u.id,
                        "owner": u.id == owner,
                        "deliverer": u.id in deliverers,
                        "alerts": cells.get((responsibility.value, u.id), 0),
                    }
                    for u in model.units
                ],
            }
        )
    return render(
        request,
        "matrix.html",
        principal=principal,
        lang=t.lang,
        active="matrix",
        context={
            "model": model,
            "rows": rows,
            "units": unit_names(model),
            "unowned": [t(f"responsibility.{r.value}") for r in model.unowned()],
        },
    )
