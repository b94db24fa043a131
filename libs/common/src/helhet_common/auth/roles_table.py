"""The role x operation table of ``docs/identity-roles.md``, generated from the code.

For every documented operation of every service: the roles one of which it requires
(from its ``require_roles`` dependencies; "any caller" where it only needs a signed-in
caller) and the agency-system scopes that give such a role (from the example issuers
file's Maskinporten mapping). Handlers may refuse more (the programme owner's agency, a
sharing basis, the plan's editor): the table is the door, not every rule behind it.

    python -m helhet_common.auth.roles_table            # print
    python -m helhet_common.auth.roles_table --write    # rewrite docs/identity-roles.md
    python -m helhet_common.auth.roles_table --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from fastapi import FastAPI

from helhet_common.auth.issuers import is_read_only, load_issuers
from helhet_common.auth.openapi_security import SAFE, route_access
from helhet_common.auth.principal import ALL_ROLES

SERVICES = ("plan_service", "placement_service", "volunteer_service", "reporting_service")
DOCUMENT = Path("docs") / "identity-roles.md"
EXAMPLES = Path("deploy") / "identity" / "issuers.example.toml"

HEADER = """# Who may call what: roles and scopes per operation

Generated from the code by `python -m helhet_common.auth.roles_table --write` (a test
fails when it is out of date). For each operation: the roles one of which it requires
("any caller": any signed-in caller; the handler decides the rest), and the
agency-system scopes of the example Maskinporten mapping that give such a role (a
`*.read` scope gives its roles for reading only). Handlers may refuse more than the
table shows: the programme owner's agency, a sharing basis for the purpose, the plan's
editor, the caller's municipality. See [identity.md](identity.md).
"""


def scope_roles(examples: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for config in load_issuers(examples):
        for scope, roles in config.claims.scopes.items():
            found.setdefault(scope, set()).update(roles)
    return found


def table(apps: Mapping[str, FastAPI], scopes: Mapping[str, set[str]]) -> str:
    lines = [HEADER]
    for name, app in apps.items():
        lines += [f"## {name}", "", "| operation | roles | scopes |", "|---|---|---|"]
        access = route_access(app.routes)
        for (path, method), roles in sorted(access.items()):
            if method == "head":
                continue
            usable = {
                scope: given
                for scope, given in scopes.items()
                if method in SAFE or not is_read_only(scope)
            }
            if roles is None:
                role_text = "any caller"
                granting = sorted(usable)
            else:
                role_text = ", ".join(role for role in ALL_ROLES if role in roles)
                granting = sorted(scope for scope, given in usable.items() if given & roles)
            scope_text = ", ".join(f"`{s}`" for s in granting) or "-"
            lines.append(f"| `{method.upper()} {path}` | {role_text} | {scope_text} |")
        lines.append("")
    return "\n".join(lines)


def build_apps(home: Path) -> dict[str, FastAPI]:
    apps: dict[str, FastAPI] = {}
    for module in SERVICES:
        definition = importlib.import_module(f"{module}.bootstrap").definition
        settings = definition.settings_factory().model_copy(
            update={"home": home, "environment": "test", "issuers_file": None}
        )
        apps[definition.name] = definition.app_factory(settings)
    return apps


def generate(root: Path) -> str:
    with tempfile.TemporaryDirectory() as home:
        return table(build_apps(Path(home)), scope_roles(root / EXAMPLES))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    text = generate(args.root)
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
    sys.exit(main())
