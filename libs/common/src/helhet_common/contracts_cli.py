"""``helhet contracts export|check``: the published contracts as files.

Each service names its published event registry under the ``helhet.contracts`` entry
point group and its app factory under ``helhet.openapi`` (explicit registration in its
pyproject). ``export`` writes under ``contracts/<service>/`` one JSON Schema per event
type (the CloudEvents envelope with the event's ``data``), an AsyncAPI document and the
HTTP API's OpenAPI document (``openapi.json``), and the event catalogue
``docs/events.md``; ``check`` fails when those files are not what the code says, so a
change of contract is visible in review and in CI.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from helhet_common.messaging.registry import EventRegistry

GROUP = "helhet.contracts"
OPENAPI_GROUP = "helhet.openapi"


def published_registries() -> dict[str, EventRegistry]:
    registries: dict[str, EventRegistry] = {}
    for entry in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        registry = entry.load()
        if not isinstance(registry, EventRegistry):
            raise TypeError(f"entry point {entry.name} is not an EventRegistry")
        registries[entry.name] = registry
    return registries


def openapi_documents() -> dict[str, dict[str, Any]]:
    """Every service's OpenAPI document, from its app factory built with defaults."""
    documents: dict[str, dict[str, Any]] = {}
    for entry in sorted(entry_points(group=OPENAPI_GROUP), key=lambda e: e.name):
        app = entry.load()()
        documents[entry.name] = app.openapi()
    return documents


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_files(
    registries: dict[str, EventRegistry],
    root: Path,
    openapi: dict[str, dict[str, Any]] | None = None,
) -> dict[Path, str]:
    files: dict[Path, str] = {}
    for service, document in (openapi or {}).items():
        files[root / "contracts" / service / "openapi.json"] = _dump(document)
    for service, registry in registries.items():
        folder = root / "contracts" / service
        for event_type, schema in registry.envelope_schemas(service=service).items():
            files[folder / f"{event_type}.schema.json"] = _dump(schema)
        files[folder / "asyncapi.json"] = _dump(
            registry.asyncapi(title=f"Helhet {service} events", service=service)
        )
    files[root / "docs" / "events.md"] = render_catalogue(registries)
    return files


def _field_rows(schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type") or prop.get("format") or "see schema"
        if "anyOf" in prop:
            kind = " or ".join(str(p.get("type", p.get("$ref", "?"))) for p in prop["anyOf"])
        if "enum" in prop:
            kind = "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
        if prop.get("format"):
            kind = f"{kind} ({prop['format']})"
        desc = prop.get("description", "")
        rows.append(f"| `{name}` | {kind} | {'yes' if name in required else 'no'} | {desc} |")
    return rows


def render_catalogue(registries: dict[str, EventRegistry]) -> str:
    lines = [
        "# Event catalogue",
        "",
        "Generated from the services' event registries by `helhet contracts export`;",
        "do not edit by hand (`make contracts` rewrites it, CI checks it).",
        "",
        "Every event travels as a CloudEvents 1.0 JSON envelope (structured mode):",
        "`id` (UUIDv7), `source` (`/helhet/<service>`), `type`, `subject` (the participant",
        "id, also the Kafka key), `time`, `datacontenttype`, `data`, and the extensions",
        "`municipality`, `correlationid`, `causationid`, `traceparent`. Events carry ids,",
        "codes, dates and counts only: never names, identity numbers, contact details,",
        "health information or free text about a person.",
        "",
    ]
    for service, registry in registries.items():
        lines += [f"## {service}", ""]
        for model in registry:
            schema = model.model_json_schema()
            doc = (model.__doc__ or "").strip()
            lines += [
                f"### `{model.event_type}`",
                "",
                f"Topic `{model.topic}`, model `{model.__name__}`. {doc}",
                "",
                "| field | type | required | description |",
                "|---|---|---|---|",
                *_field_rows(schema),
                "",
            ]
    return "\n".join(lines)


def export(root: Path) -> list[Path]:
    written = []
    for path, text in render_files(published_registries(), root, openapi_documents()).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            written.append(path)
    return written


def check(root: Path) -> list[Path]:
    """Files that differ from what the registries say (missing ones included)."""
    stale = []
    expected = render_files(published_registries(), root, openapi_documents())
    for path, text in expected.items():
        if not path.exists() or path.read_text() != text:
            stale.append(path)
    contracts = root / "contracts"
    if contracts.exists():
        for path in contracts.rglob("*.json"):
            if path not in expected:
                stale.append(path)
    return stale


def _handle(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if args.action == "export":
        for path in export(root):
            print(f"wrote {path}")
        return 0
    stale = check(root)
    for path in stale:
        print(f"out of date: {path}", file=sys.stderr)
    if stale:
        print("run 'make contracts' and commit the result", file=sys.stderr)
        return 1
    print("contracts are up to date")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("contracts", help="export or check the event contracts")
    parser.add_argument("action", choices=["export", "check"])
    parser.add_argument("--root", default=".", help="repository root (default: .)")
    parser.set_defaults(handler=_handle)
