"""``visma-flyktning``: import Visma Flyktning exports into plan-service.

    visma-flyktning check  --mapping mappings/3403-hamar.toml export.csv
    visma-flyktning import --mapping mappings/3403-hamar.toml [--dry-run] [--json] export.xml
    visma-flyktning watch  --mapping mappings/3403-hamar.toml --inbox in/ --archive done/
    visma-flyktning quarantine list
    visma-flyktning quarantine retry --mapping mappings/3403-hamar.toml uke49.csv
    visma-flyktning serve  --mapping mappings/3403-hamar.toml --port 8090
    visma-flyktning sample --format csv --rows 100 > export.csv

``check`` reads and checks a file without sending anything; ``import`` sends what
passed (``--dry-run``: plan-service says what would change, and changes nothing);
``watch`` does the same for every new file of a drop folder and archives it with its
report. Every run prints each row that was not unchanged and a summary; ``--json``
prints the report as JSON. What is rejected goes to the quarantine until a later run of
the same file imports it; ``quarantine retry`` runs a quarantined file again from where
it was read, and ``serve`` offers the quarantine to operators over HTTP
(``visma_flyktning.api``). Exit codes: 0 done, 1 some rows rejected, 2 the file was
refused, 3 plan-service was unavailable and the run stopped (run it again: nothing is
doubled).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import httpx
from pydantic import ValidationError

from visma_flyktning import samples
from visma_flyktning.client import Backoff, PlanServiceClient, StaticToken
from visma_flyktning.dropfolder import process_inbox
from visma_flyktning.importer import Format, import_file, read_and_check
from visma_flyktning.mapping import load_mapping
from visma_flyktning.quarantine import CannotRetry, NotInQuarantine, Quarantine, retry
from visma_flyktning.report import Report
from visma_flyktning.settings import AdapterSettings


def _exit_code(report: Report) -> int:
    if report.refused:
        return 2
    if report.stopped:
        return 3
    return 1 if report.rejections() else 0


def _print(report: Report, *, as_json: bool, out: TextIO, quarantine: bool = True) -> None:
    print(report.dumps() if as_json else report.text(quarantine=quarantine), file=out)


class ProgressBar:
    """A bar on standard error for large files (only on a terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self._stream.isatty() or total < 200:
            return
        percent = done * 100 // total
        if percent != self._shown:
            self._shown = percent
            bar = "#" * (percent // 4)
            end = "\n" if done == total else ""
            self._stream.write(f"\r[{bar:<25}] {done}/{total}{end}")
            self._stream.flush()


def _token(args: argparse.Namespace, settings: AdapterSettings) -> str | None:
    token = args.token or (settings.token.get_secret_value() if settings.token else None)
    if not token:
        print(
            "no token: pass --token or set VISMA_FLYKTNING_TOKEN (in development: "
            "helhet token --role caseworker --agency refugee-service)",
            file=sys.stderr,
        )
    return token


def _quarantine(args: argparse.Namespace, settings: AdapterSettings) -> Quarantine:
    return Quarantine(args.quarantine or settings.quarantine_dir)


async def _import(args: argparse.Namespace, settings: AdapterSettings) -> int:
    mapping = load_mapping(args.mapping)
    token = _token(args, settings)
    if not token:
        return 2
    async with httpx.AsyncClient(
        base_url=args.plan_url or settings.plan_url, timeout=settings.timeout_s
    ) as http:
        client = PlanServiceClient(
            http, StaticToken(token), backoff=Backoff(attempts=settings.attempts)
        )
        report = await import_file(
            args.file,
            mapping=mapping,
            client=client,
            fmt=args.format,
            dry_run=args.dry_run,
            concurrency=settings.concurrency,
            batch_size=settings.batch_size,
            progress=ProgressBar(sys.stderr),
        )
    _quarantine(args, settings).record(report, at=datetime.now(UTC), path=args.file.resolve())
    _print(report, as_json=args.json, out=sys.stdout)
    return _exit_code(report)


async def _watch(args: argparse.Namespace, settings: AdapterSettings) -> int:
    mapping = load_mapping(args.mapping)
    token = _token(args, settings)
    if not token:
        return 2
    quarantine = _quarantine(args, settings)
    async with httpx.AsyncClient(
        base_url=args.plan_url or settings.plan_url, timeout=settings.timeout_s
    ) as http:
        client = PlanServiceClient(
            http, StaticToken(token), backoff=Backoff(attempts=settings.attempts)
        )
        while True:
            for report in await process_inbox(
                args.inbox,
                args.archive,
                mapping=mapping,
                client=client,
                quarantine=quarantine,
                settle_s=args.settle,
                batch_size=settings.batch_size,
            ):
                _print(report, as_json=args.json, out=sys.stdout)
            if args.once:
                return 0
            await asyncio.sleep(args.every)


def _check(args: argparse.Namespace) -> int:
    mapping = load_mapping(args.mapping)
    fmt: Format = args.format
    checked = read_and_check(args.file.read_bytes(), name=args.file.name, mapping=mapping, fmt=fmt)
    report = checked.report
    _print(report, as_json=args.json, out=sys.stdout, quarantine=False)
    if not args.json and report.refused is None:
        print(f"  {len(checked.records)} rows would be sent to plan-service")
    return _exit_code(report)


def _client(args: argparse.Namespace, settings: AdapterSettings, token: str) -> Any:
    @asynccontextmanager
    async def connect() -> AsyncIterator[PlanServiceClient]:
        async with httpx.AsyncClient(
            base_url=args.plan_url or settings.plan_url, timeout=settings.timeout_s
        ) as http:
            yield PlanServiceClient(
                http, StaticToken(token), backoff=Backoff(attempts=settings.attempts)
            )

    return connect


async def _retry(args: argparse.Namespace, settings: AdapterSettings) -> int:
    token = _token(args, settings)
    if not token:
        return 2
    try:
        async with _client(args, settings, token)() as client:
            report = await retry(
                _quarantine(args, settings),
                args.file,
                mapping=load_mapping(args.mapping),
                client=client,
                at=datetime.now(UTC),
                concurrency=settings.concurrency,
                batch_size=settings.batch_size,
            )
    except NotInQuarantine:
        print(f"{args.file} is not in the quarantine", file=sys.stderr)
        return 2
    except CannotRetry as error:
        print(error, file=sys.stderr)
        return 2
    _print(report, as_json=args.json, out=sys.stdout)
    return _exit_code(report)


def _serve(args: argparse.Namespace, settings: AdapterSettings) -> int:
    import uvicorn

    from helhet_common.auth.issuers import verifier_from_settings
    from helhet_common.settings import ServiceSettings
    from visma_flyktning.api import create_api

    municipality = args.municipality or load_mapping(args.mapping).municipality
    token = _token(args, settings)
    if not token or not municipality:
        if not municipality:
            print("no municipality: pass --municipality", file=sys.stderr)
        return 2
    app = create_api(
        quarantine=_quarantine(args, settings),
        municipality=municipality,
        mapping=lambda: load_mapping(args.mapping),
        client=_client(args, settings, token),
        verifier=verifier_from_settings(ServiceSettings(service_name="visma-flyktning")),
        concurrency=settings.concurrency,
        batch_size=settings.batch_size,
    )
    uvicorn.run(app, host=args.host, port=args.port)
    return 0


def _list_quarantine(args: argparse.Namespace, settings: AdapterSettings) -> int:
    quarantine = _quarantine(args, settings)
    if args.json:
        print(json.dumps({"entries": quarantine.entries()}, indent=2, ensure_ascii=False))
    else:
        print(quarantine.text())
    return 0


def _sample(args: argparse.Namespace) -> int:
    persons = samples.people(args.rows, seed=args.seed)
    data = (
        samples.pifu_export(persons)
        if args.format == "pifu"
        else samples.csv_export(persons, bom=args.bom)
    )
    sys.stdout.buffer.write(data)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="visma-flyktning", description=__doc__.split("\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    for name, text in (
        ("check", "read and check an export; send nothing"),
        ("import", "import an export into plan-service"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("file", type=Path)
        command.add_argument("--mapping", type=Path, required=True)
        command.add_argument("--format", choices=["auto", "pifu", "csv"], default="auto")
        command.add_argument("--json", action="store_true", help="print the report as JSON")
        if name == "import":
            command.add_argument("--dry-run", action="store_true")
            command.add_argument("--plan-url", default=None)
            command.add_argument("--token", default=None)
            command.add_argument("--quarantine", type=Path, default=None)
    watch = commands.add_parser("watch", help="import every new file of a drop folder")
    watch.add_argument("--inbox", type=Path, required=True)
    watch.add_argument("--archive", type=Path, required=True)
    watch.add_argument("--mapping", type=Path, required=True)
    watch.add_argument("--plan-url", default=None)
    watch.add_argument("--token", default=None)
    watch.add_argument("--quarantine", type=Path, default=None)
    watch.add_argument("--settle", type=float, default=10.0, help="seconds unchanged")
    watch.add_argument("--every", type=float, default=30.0, help="seconds between rounds")
    watch.add_argument("--once", action="store_true", help="one round, then exit")
    watch.add_argument("--json", action="store_true")
    quarantine = commands.add_parser("quarantine", help="what was not imported, and why")
    actions = quarantine.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the quarantined rows and files")
    listing.add_argument("--quarantine", type=Path, default=None)
    listing.add_argument("--json", action="store_true")
    again = actions.add_parser("retry", help="import a quarantined file again")
    again.add_argument("file", help="the quarantined file's name")
    again.add_argument("--mapping", type=Path, required=True, help="the mapping as it is now")
    again.add_argument("--plan-url", default=None)
    again.add_argument("--token", default=None)
    again.add_argument("--quarantine", type=Path, default=None)
    again.add_argument("--json", action="store_true")
    serve = commands.add_parser("serve", help="the quarantine over HTTP, for operators")
    serve.add_argument("--mapping", type=Path, required=True)
    serve.add_argument("--municipality", default=None, help="if the mapping does not say")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8090)
    serve.add_argument("--plan-url", default=None)
    serve.add_argument("--token", default=None)
    serve.add_argument("--quarantine", type=Path, default=None)
    sample = commands.add_parser("sample", help="write a synthetic export (no real person)")
    sample.add_argument("--format", choices=["pifu", "csv"], default="csv")
    sample.add_argument("--rows", type=int, default=20)
    sample.add_argument("--seed", type=int, default=13)
    sample.add_argument("--bom", action="store_true", help="CSV as UTF-8 with a BOM")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except OSError as error:  # a file or the mapping that is not there (or not readable)
        print(f"{error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        print(f"the mapping is not valid: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "sample":
        return _sample(args)
    if args.command == "check":
        return _check(args)
    settings = AdapterSettings()
    if args.command == "quarantine" and args.action == "retry":
        return asyncio.run(_retry(args, settings))
    if args.command == "quarantine":
        return _list_quarantine(args, settings)
    if args.command == "serve":
        return _serve(args, settings)
    if args.command == "watch":
        return asyncio.run(_watch(args, settings))
    return asyncio.run(_import(args, settings))


if __name__ == "__main__":
    raise SystemExit(main())
