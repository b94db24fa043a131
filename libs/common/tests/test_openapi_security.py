"""The OpenAPI document declares how to authenticate, read from the routes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends

from helhet_common.app import create_app
from helhet_common.auth import CASEWORKER, PLAN_EDITOR, CurrentPrincipal, Principal, require_roles
from helhet_common.settings import ServiceSettings

EXAMPLES = Path(__file__).resolve().parents[3] / "deploy" / "identity" / "issuers.example.toml"


def _routes() -> APIRouter:
    router = APIRouter()

    @router.get("/open")
    async def open_() -> dict[str, str]:
        return {}

    @router.get("/anyone")
    async def anyone(principal: CurrentPrincipal) -> dict[str, str]:
        return {}

    @router.post("/plans")
    async def plans(
        principal: Principal = Depends(require_roles(PLAN_EDITOR)),
    ) -> dict[str, str]:
        return {}

    @router.get("/participants")
    async def participants(
        principal: Principal = Depends(require_roles(CASEWORKER, PLAN_EDITOR)),
    ) -> dict[str, str]:
        return {}

    return router


def _document(tmp_path: Path, **settings: Any) -> dict[str, Any]:
    app = create_app(
        settings=ServiceSettings(environment="test", home=tmp_path, **settings),
        title="t",
        description="t",
        routers=[_routes()],
    )
    return app.openapi()


def test_without_issuers_only_the_bearer_scheme(tmp_path: Path) -> None:
    document = _document(tmp_path)
    assert set(document["components"]["securitySchemes"]) == {"bearer"}
    assert document["paths"]["/anyone"]["get"]["security"] == [{"bearer": []}]
    # A public operation says so: no security requirement at all.
    assert document["paths"]["/open"]["get"]["security"] == []
    assert document["paths"]["/health/live"]["get"]["security"] == []


def test_issuers_give_openid_connect_and_client_credentials_with_scopes(
    tmp_path: Path,
) -> None:
    document = _document(tmp_path, issuers_file=EXAMPLES)
    schemes = document["components"]["securitySchemes"]

    assert schemes["openIdConnect"]["openIdConnectUrl"] == (
        "https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration"
    )
    flow = schemes["agencySystems"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "https://maskinporten.no/token"
    assert set(flow["scopes"]) == {
        "helhet:participants.read",
        "helhet:plans.write",
        "helhet:placements.write",
        "helhet:events.subscribe",
    }
    plans = document["paths"]["/plans"]["post"]["security"]
    assert plans == [
        {"bearer": []},
        {"openIdConnect": []},
        {"agencySystems": ["helhet:plans.write"]},
    ]
    read = document["paths"]["/participants"]["get"]["security"][2]["agencySystems"]
    assert read == ["helhet:participants.read", "helhet:placements.write", "helhet:plans.write"]
