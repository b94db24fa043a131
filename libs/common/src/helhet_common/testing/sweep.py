"""The access sweep: every route that takes a participant's id, called by everyone who
must not see the participant, and the audit of the routes' reads (issue 12's checks).

``participant_routes`` derives the routes from the app: every route with a path
parameter that names a participant or one of their records (``participant_params``,
e.g. ``participant_id``, ``placement_id``), and every list that filters by
``participant_id`` in its query. A new route is swept without anyone adding it; a route
the sweep cannot call (a parameter it has no id for) fails the test until it gets an id
or an entry in ``exclude`` with the reason.

``sweep`` calls each with each refused caller and asserts the answer is 401, 403 or 404
(a list: 200 too, as a list is never refused, only scoped; a page: the redirect to the
sign-in) and that no body holds any of
the participant's personal data (``secrets``: their id, names, phone numbers, e-mail
addresses; the request's own path is taken out of the body first, as a problem names
it). A write is sent with its documented example body, so the refusal, not the body's
validation, is what answers.

``audit`` reads each route with a caller who may, and asserts each 2xx read wrote
exactly one access-log record for the participant. ``against_matrix`` checks the rows of
the generated access matrix (docs/access-matrix.md) against the running app.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from helhet_common.access import matrix

if TYPE_CHECKING:
    from helhet_common.testing.services import DevTokens

READS = frozenset({"GET"})
REFUSED = frozenset({401, 403, 404})
REDIRECTS = frozenset({302, 303, 307})
_PARAM = re.compile(r"{([a-z_]+)}")

# The callers every sweep has (issue 12's checks); a service gives each one's headers.
CALLERS = (
    "another municipality",
    "another agency without a basis",
    "a basis not for the purpose",
    "a participant who is not the subject",
    "an expired consent",
    "no token",
)


@dataclass(frozen=True)
class SweptRoute:
    method: str
    template: str
    path: str
    body: Any
    is_list: bool

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


def _example(schema: Mapping[str, Any], components: Mapping[str, Any]) -> Any:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        schema = components.get(ref.rsplit("/", 1)[-1], {})
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    return None


def example_body(openapi: Mapping[str, Any], method: str, template: str) -> Any:
    """The documented example of the route's JSON body (None: it takes none)."""
    operation = openapi.get("paths", {}).get(template, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    if "example" in content:
        return content["example"]
    if isinstance(content.get("examples"), dict) and content["examples"]:
        return next(iter(content["examples"].values())).get("value")
    components = openapi.get("components", {}).get("schemas", {})
    found = _example(content.get("schema", {}), components)
    return {} if found is None else found


def api_routes(app: FastAPI) -> list[tuple[str, frozenset[str], set[str]]]:
    """Each documented route of the app: its path, methods and query parameters' names
    (through included routers)."""
    found = []
    for context in iter_route_contexts(list(app.routes)):
        route = context.original_route
        if not isinstance(route, APIRoute):
            continue
        path = context.path_format or route.path_format
        methods = frozenset(context.methods or route.methods or ())
        dependant = getattr(context, "dependant", route.dependant)
        found.append((path, methods, {p.name for p in dependant.query_params}))
    return found


def participant_routes(
    app: FastAPI,
    *,
    participant_params: Collection[str],
    ids: Mapping[str, UUID | str],
    exclude: Mapping[str, str],
    lists: Collection[str] = (),
) -> list[SweptRoute]:
    """The app's routes that take a participant's id (or the id of one of their records),
    with their paths filled in from ``ids``; ``exclude``: ``"METHOD /path"`` -> why it
    is not swept; ``lists``: ``"GET /path"`` of lists of participants by another record's
    id (an activity's attendance), swept as lists. A route with a parameter ``ids`` lacks
    is an error."""
    openapi = app.openapi()
    found: list[SweptRoute] = []
    missing: list[str] = []
    routes = api_routes(app)
    for template, methods, query in routes:
        params = _PARAM.findall(template)
        takes = bool(set(params) & set(participant_params))
        filtered = not params and "participant_id" in query
        listing = {m for m in methods if f"{m} {template}" in lists}
        if not (takes or filtered or listing):
            continue
        for method in sorted(methods):
            if method == "HEAD":
                continue
            key = f"{method} {template}"
            if key in exclude or not (takes or filtered or method in listing):
                continue
            if any(p not in ids for p in params):
                missing.append(key)
                continue
            path = template.format(**{p: ids[p] for p in params})
            if filtered:
                path = f"{path}?participant_id={ids['participant_id']}"
            body = None if method in READS else example_body(openapi, method, template)
            found.append(SweptRoute(method, template, path, body, filtered or key in lists))
    if missing:
        raise AssertionError(
            f"routes the sweep has no id for (give one, or exclude them with why): {missing}"
        )
    stale = (set(exclude) | set(lists)) - {f"{m} {t}" for t, methods, _ in routes for m in methods}
    if stale:
        raise AssertionError(f"exclusions or lists of routes that do not exist: {sorted(stale)}")
    return found


def outsiders(
    tokens: DevTokens,
    *,
    municipality: str,
    other_municipality: str,
    uncovered_purpose: str,
    lapsed_consent: dict[str, str],
) -> dict[str, dict[str, str]]:
    """The callers every service's sweep tries, each of whom must be refused: staff of
    another municipality, another agency with no basis, NAV naming a purpose its basis
    does not cover, a participant who is not the subject, the holder of a lapsed
    consent (``lapsed_consent``: their headers), and no token."""
    return {
        "another municipality": tokens.headers("caseworker", municipality=other_municipality),
        "another agency without a basis": tokens.headers(
            "caseworker", municipality=municipality, agency="learning-centre"
        ),
        "a basis not for the purpose": {
            **tokens.headers("caseworker", municipality=municipality, agency="nav"),
            "X-Purpose": uncovered_purpose,
        },
        "a participant who is not the subject": tokens.headers(
            "participant", municipality=municipality, sub=str(uuid4())
        ),
        "an expired consent": lapsed_consent,
        "no token": {},
    }


async def call(
    client: httpx.AsyncClient, route: SweptRoute, headers: Mapping[str, str]
) -> httpx.Response:
    return await client.request(
        route.method,
        route.path,
        headers=dict(headers),
        json=route.body if route.method not in READS else None,
    )


def refused(response: httpx.Response, route: SweptRoute) -> bool:
    """401, 403 or 404; a page's redirect to the sign-in (no session) is a refusal too
    (a list: also 200, scoped)."""
    if response.status_code in REFUSED or (route.is_list and response.status_code == 200):
        return True
    location = response.headers.get("location", "")
    return response.status_code in REDIRECTS and location.startswith("/login")


def leaks(response: httpx.Response, route: SweptRoute, secrets: Collection[str]) -> list[str]:
    """The ``secrets`` the body shows (the request's own path and query taken out first:
    a problem names its path, a page links to itself in the other language)."""
    path, _, query = route.path.partition("?")
    text = response.text.replace(path, "")
    for pair in filter(None, query.split("&")):
        text = text.replace(pair, "")
    return [s for s in secrets if s and s in text]


async def sweep(
    client: httpx.AsyncClient,
    routes: Collection[SweptRoute],
    callers: Mapping[str, Mapping[str, str]],
    *,
    secrets: Collection[str],
) -> list[str]:
    """Every route, every refused caller: the failures, as sentences (empty: all well)."""
    missing = [c for c in CALLERS if c not in callers]
    if missing:
        raise AssertionError(f"the sweep needs these callers too: {missing}")
    failures: list[str] = []
    for route in routes:
        for who, headers in callers.items():
            response = await call(client, route, headers)
            if not refused(response, route):
                failures.append(f"{route.key} as {who}: {response.status_code} {response.text}")
            if shown := leaks(response, route, secrets):
                failures.append(f"{route.key} as {who}: the body shows {shown}")
    return failures


async def audit(
    client: httpx.AsyncClient,
    routes: Collection[SweptRoute],
    headers: Mapping[str, str],
    *,
    records: Callable[[], Awaitable[int]],
    reads: Collection[str] = (),
) -> list[str]:
    """Each read route (GET, and ``reads``: ``"METHOD /path"`` of reads by another
    method) read by a caller who may: a 2xx, and exactly one more access-log record of
    the participant (``records`` counts them). Returns the failures."""
    failures: list[str] = []
    for route in routes:
        if route.method not in READS and route.key not in reads:
            continue
        before = await records()
        response = await call(client, route, headers)
        after = await records()
        if not response.is_success:
            failures.append(f"{route.key}: {response.status_code} {response.text}")
        elif after - before != 1:
            failures.append(f"{route.key}: {after - before} access-log records, not 1")
    return failures


async def against_matrix(
    client: httpx.AsyncClient,
    routes: Collection[SweptRoute],
    rows: Collection[matrix.Row],
    headers: Mapping[str, str],
    *,
    role: str = "caseworker",
) -> list[str]:
    """The access matrix (``helhet_common.access.matrix``) against the running app: each
    swept route it has a row for, called by another agency's staff without a basis
    (``headers``, with ``role``), answers what the row's "without a basis" says (403 for a
    route that does not let ``role`` in). Returns the failures
    (and one if no route had a row)."""
    expected = {
        matrix.NOT_FOUND: 404,
        matrix.LISTED: 200,
        matrix.BY_ROLE: 403,
        matrix.OWNER_ONLY: 403,
    }
    by_key = {row.key: row for row in rows}
    checked = [route for route in routes if route.key in by_key]
    if not checked:
        return ["the matrix has no row for any swept route"]
    failures: list[str] = []
    for route in checked:
        row = by_key[route.key]
        response = await call(client, route, headers)
        answer = expected[row.without_basis] if role in row.roles else 403
        if response.status_code != answer:
            failures.append(
                f"{route.key}: the matrix says {row.without_basis}, the app answered "
                f"{response.status_code} {response.text[:200]}"
            )
    return failures
