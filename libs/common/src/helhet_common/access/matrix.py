"""The role x agency x route matrix of ``docs/access-matrix.md``, generated from the code.

For every documented route of every service that reads or changes a participant's
personal data: the roles it lets in (its ``require_roles`` dependencies, as in
``docs/identity-roles.md``), the categories of data it touches (its ``access_recorder``
dependency; in plan-service the ``category=`` its endpoint and handler name, else
``participant``), and, per kind of reader, on what it reads (``helhet_common.access.rules``):

- the law: the refugee service's staff and the integration leader of the municipality;
- a sharing basis in force for the agency (NAV, the learning centre, the county), for
  one of the sharing purposes of every category;
- the participant's consent in force to them (an employer, a volunteer), for one of
  the consent purposes of every category;

and what a reader without a basis gets: the 404 of a participant (or record) that does
not exist for one participant's route, a list without them (200) for a list. A basis for
another purpose is 403 ``no-basis-for-purpose``.

    python -m helhet_common.access.matrix            # print
    python -m helhet_common.access.matrix --write    # rewrite docs/access-matrix.md
    python -m helhet_common.access.matrix --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from helhet_common.access import innsyn
from helhet_common.access.rules import STAFF_ROLES, Category
from helhet_common.auth.openapi_security import route_access
from helhet_common.auth.principal import ALL_ROLES, INTEGRATION_LEADER, PARTICIPANT
from helhet_common.auth.roles_table import build_apps

DOCUMENT = Path("docs") / "access-matrix.md"
# Path parameters that name a participant or one of their records, per service.
PARTICIPANT_PARAMS = {
    "plan-service": {"participant_id"},
    "placement-service": {"participant_id", "placement_id"},
    "volunteer-service": {"participant_id", "match_id"},
    "reporting-service": {"participant_id", "alert_id"},
}
INNSYN_PATHS = ("/personal-data", "/personal-data/export")
NOT_FOUND = "404"
LISTED = "200, without them"
BY_ROLE = "403 (role)"
OWNER_ONLY = "403 programme-owner-only"
_OWNER_ONLY = ("require_programme_owner(", '"programme-owner-only"')

HEADER = """# Who reads whose personal data: the access matrix

Generated from the code by `python -m helhet_common.access.matrix --write` (a test fails
when it is out of date; each service's sweep test checks the answer without a basis
against the running app). For every route that reads or changes a participant's personal
data: the roles it lets in, the categories of data it touches and on what each kind of
reader may use them (docs/identity.md, "Reads of personal data"):

- **law**: the refugee service's staff (caseworker, plan editor, contributor) and the
  integration leader of the participant's municipality read on the law
  (`integreringsloven`); the participant themself reads their own (where the route
  lets the `participant` role in);
- **sharing basis**: NAV's, the learning centre's and the county's staff need a sharing
  basis in force for their agency whose purpose is one of those listed (with
  `X-Purpose`, exactly that one);
- **consent**: an employer's or a volunteer's staff need the participant's consent in
  force to them, for one of the purposes listed;
- **without a basis**: what such a reader gets: `404` (the participant or record does
  not exist, the same answer), a list without the participant, `403 (role)` when no
  role of another agency is let in, or `403 programme-owner-only` for a list only the
  refugee service reads. A basis that does not cover the purpose is `403
  no-basis-for-purpose`. Another municipality is always the 404.

Every 2xx read is one access-log record per participant read (a list: one per
participant shown, in one batch).
"""


@dataclass(frozen=True)
class Row:
    service: str
    method: str
    path: str
    roles: tuple[str, ...]
    categories: tuple[Category, ...]
    is_list: bool
    # A list only the programme owner (the refugee service) may read, whatever the basis.
    owner_only: bool = False

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def other_agencies(self) -> bool:
        """Staff of another agency can pass the route's roles."""
        return bool(set(self.roles) & STAFF_ROLES)

    @property
    def sharing_purposes(self) -> frozenset[str]:
        return _common(c.sharing_purposes for c in self.categories)

    @property
    def consent_purposes(self) -> frozenset[str]:
        return _common(c.consent_purposes for c in self.categories)

    @property
    def without_basis(self) -> str:
        """What a staff member of another agency without a basis gets."""
        if not self.other_agencies:
            return BY_ROLE
        if self.is_list:
            return OWNER_ONLY if self.owner_only else LISTED
        return NOT_FOUND


def _common(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    found: frozenset[str] | None = None
    for s in sets:
        found = s if found is None else found & s
    return found or frozenset()


# -- what a route touches, from its code --------------------------------------------------


def _recorded_categories(dependant: Dependant) -> tuple[str, ...]:
    """The categories of the route's ``access_recorder`` dependency (if any)."""
    for sub in dependant.dependencies:
        found = getattr(sub.call, "access_categories", None)
        if found is not None:
            return tuple(found)
        nested = _recorded_categories(sub)
        if nested:
            return nested
    return ()


_NAMED = re.compile(r"(?:category=|PURPOSES_FOR\[)\s*([A-Za-z_][\w.]*)")
_HANDLER = re.compile(r"\bhandlers\.(\w+)")
_CALL = re.compile(r"(?<![.\w])(\w+)\(")
_READS = ("read_participant(", "load_for(", "audited_read(", "load(")


def _source_categories(function: Callable[..., Any], seen: set[str] | None = None) -> set[str]:
    """The data categories a function's source names (``category=X``), following the
    handlers it runs; ``participant`` where it loads a participant without one."""
    seen = set() if seen is None else seen
    name = f"{function.__module__}.{function.__qualname__}"
    if name in seen:
        return set()
    seen.add(name)
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return set()
    module = sys.modules[function.__module__]
    found: set[str] = set()
    for named in _NAMED.findall(source):
        value = _resolve(module, named)
        if value is not None:
            found.add(str(value))
    if not found and any(call in source for call in _READS):
        found.add("participant")
    handlers = getattr(module, "handlers", None)
    for handler in _HANDLER.findall(source):
        target = getattr(handlers, handler, None)
        if callable(target):
            found |= _source_categories(target, seen)
    return found


def _owner_only(function: Callable[..., Any], depth: int = 1) -> bool:
    """The route refuses every agency but the programme owner: its source says so, or
    that of a function of its module it calls."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    if any(mark in source for mark in _OWNER_ONLY):
        return True
    module = vars(sys.modules[function.__module__])
    called = (module.get(name) for name in set(_CALL.findall(source)))
    return depth > 0 and any(
        inspect.isfunction(f) and f is not function and _owner_only(f, depth - 1) for f in called
    )


def _resolve(module: ModuleType, dotted: str) -> Any:
    head, *rest = dotted.split(".")
    if head not in vars(module):
        return None
    value = vars(module)[head]
    for part in rest:
        value = getattr(value, part, None)
    return getattr(value, "value", value) if value is not None else None


def _categories_of(service: str) -> dict[str, Category]:
    """The service's categories by code (its ``service_layer.access`` module's, the
    answer to the right of access, and plan-service's ``PURPOSES_FOR``)."""
    module = service.replace("-", "_")
    found = {innsyn.PERSONAL_DATA.code: innsyn.PERSONAL_DATA}
    try:
        access = importlib.import_module(f"{module}.service_layer.access")
    except ImportError:  # pragma: no cover - every service has one
        access = None
    for value in vars(access).values() if access else ():
        if isinstance(value, Category):
            found[value.code] = value
    if service == "plan-service":
        sharing = importlib.import_module("plan_service.domain.sharing")
        for category, purposes in sharing.PURPOSES_FOR.items():
            found[category.value] = Category(
                category.value, sharing_purposes=frozenset(p.value for p in purposes)
            )
    return found


def rows(service: str, app: FastAPI) -> list[Row]:
    """The matrix's rows of one service's app: its documented routes that touch a
    participant's personal data."""
    params = PARTICIPANT_PARAMS.get(service, {"participant_id"})
    known = _categories_of(service)
    access = route_access(app.routes)
    found: dict[str, Row] = {}
    for context in iter_route_contexts(list(app.routes)):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        path = context.path_format or route.path_format
        dependant = getattr(context, "dependant", route.dependant)
        takes = bool(set(re.findall(r"{([a-z_]+)}", path)) & params)
        query = {p.name for p in dependant.query_params}
        codes = list(_recorded_categories(dependant))
        if service == "plan-service" and not codes:
            codes = sorted(_source_categories(route.endpoint))
        if not (takes or codes or "participant_id" in query):
            continue
        if not codes and not takes:
            continue
        for method in sorted(context.methods or route.methods or ()):
            if method == "HEAD":
                continue
            roles = access.get((path, method.lower()))
            row = Row(
                service=service,
                method=method,
                path=path,
                roles=tuple(r for r in ALL_ROLES if roles is None or r in roles),
                categories=tuple(known[c] for c in codes if c in known),
                is_list=not takes,
                owner_only=not takes and _owner_only(route.endpoint),
            )
            found[row.key] = row
    return [_completed(found[k], found) for k in sorted(found, key=lambda k: (k.split(" ")[1], k))]


def _completed(row: Row, found: Mapping[str, Row]) -> Row:
    """The answer to the right of access is for no sharing or consent purpose; a change
    that names no category of its own needs what reading its record needs (the GET of the
    longest path it starts with)."""
    if row.path.endswith(INNSYN_PATHS):
        return replace(row, categories=(innsyn.PERSONAL_DATA,))
    if row.categories or row.method == "GET":
        return row
    reads = [r for r in found.values() if r.method == "GET" and r.categories and not r.is_list]
    covering = [r for r in reads if row.path.startswith(r.path)]
    if not covering:
        return row
    return replace(row, categories=max(covering, key=lambda r: len(r.path)).categories)


def _law(row: Row) -> str:
    readers = []
    if set(row.roles) & STAFF_ROLES:
        readers.append("refugee service")
    if INTEGRATION_LEADER in row.roles:
        readers.append("integration leader")
    if PARTICIPANT in row.roles:
        readers.append("the participant")
    return ", ".join(readers) or "-"


def _purposes(purposes: frozenset[str], allowed: bool) -> str:
    if not allowed or not purposes:
        return "-"
    return ", ".join(sorted(purposes))


def table(services: Mapping[str, FastAPI]) -> str:
    lines = [HEADER]
    for service, app in services.items():
        lines += [
            f"## {service}",
            "",
            "| route | roles | categories | law | sharing basis (NAV, learning centre, "
            "county): purposes | consent (employer, volunteer): purposes | without a basis |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in rows(service, app):
            categories = ", ".join(c.code for c in row.categories) or "-"
            lines.append(
                f"| `{row.key}` | {', '.join(row.roles)} | {categories} | {_law(row)} | "
                f"{_purposes(row.sharing_purposes, row.other_agencies)} | "
                f"{_purposes(row.consent_purposes, row.other_agencies)} | "
                f"{row.without_basis} |"
            )
        lines.append("")
    return "\n".join(lines)


def generate() -> str:
    with tempfile.TemporaryDirectory() as home:
        return table(build_apps(Path(home)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    text = generate()
    target = args.root / DOCUMENT
    if args.write:
        target.write_text(text, encoding="utf-8")
    elif args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{DOCUMENT} is out of date: run with --write", file=sys.stderr)
            return 1
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
