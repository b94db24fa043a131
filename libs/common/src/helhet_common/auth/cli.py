"""``helhet token``: the development issuer.

Prints a signed token and nothing else on stdout, so ``TOKEN=$(helhet token ...)``
works. The key pair lives in ``<home>/dev-keys/`` and is created on first use; services
in development read ``<home>/dev-keys/jwks.json`` to verify the tokens.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import jwt

from helhet_common.auth.keys import DEFAULT_TTL_SECONDS, DevKeys, mint_token
from helhet_common.auth.principal import AGENCIES, ALL_ROLES, is_municipality
from helhet_common.settings import ServiceSettings

DEV_KEYS_DIRECTORY = "dev-keys"

EXAMPLE = (
    "example:\n"
    "  TOKEN=$(helhet token --role caseworker --agency refugee-service --municipality 3403)\n"
    '  curl -H "Authorization: Bearer $TOKEN" ...'
)


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``token`` subcommand to the ``helhet`` command's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "token",
        help="mint a development token",
        description=__doc__,
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--role",
        dest="roles",
        action="append",
        default=[],
        metavar="ROLE",
        help=f"a role; repeat for several. One of: {', '.join(ALL_ROLES)}",
    )
    parser.add_argument("--agency", help=f"one of: {', '.join(AGENCIES)}")
    parser.add_argument("--municipality", help='kommunenummer, 4 digits, e.g. "3403" (Hamar)')
    parser.add_argument(
        "--sub", default="dev-user", help="the subject (user id); default %(default)s"
    )
    parser.add_argument(
        "--ttl",
        type=int,
        default=DEFAULT_TTL_SECONDS,
        metavar="SECONDS",
        help="lifetime in seconds; default %(default)s (8 hours)",
    )
    parser.add_argument("--home", help="Helhet home directory (default: HELHET_HOME or var)")
    parser.add_argument(
        "--show-claims",
        action="store_true",
        help="also print the token's claims as JSON on stderr",
    )
    parser.add_argument(
        "--print-jwks-path",
        action="store_true",
        help="create the keys if needed, print the path of the public JWKS and exit",
    )
    parser.set_defaults(handler=handle)
    return parser


def _fail(message: str) -> int:
    print(f"helhet token: error: {message}", file=sys.stderr)
    return 2


def _problems(args: argparse.Namespace) -> list[str]:
    problems: list[str] = []
    if not args.roles:
        problems.append(f"at least one --role is required (one of: {', '.join(ALL_ROLES)})")
    for role in args.roles:
        if role not in ALL_ROLES:
            problems.append(f"unknown role {role!r} (one of: {', '.join(ALL_ROLES)})")
    if args.agency is None:
        problems.append(f"--agency is required (one of: {', '.join(AGENCIES)})")
    elif args.agency not in AGENCIES:
        problems.append(f"unknown agency {args.agency!r} (one of: {', '.join(AGENCIES)})")
    if args.municipality is None:
        problems.append('--municipality is required (4 digits, e.g. "3403")')
    elif not is_municipality(args.municipality):
        problems.append(f"municipality must be 4 digits, got {args.municipality!r}")
    if not args.sub.strip():
        problems.append("--sub must not be empty")
    if args.ttl <= 0:
        problems.append("--ttl must be a positive number of seconds")
    return problems


def handle(args: argparse.Namespace) -> int:
    settings = ServiceSettings()
    if settings.environment == "production":
        return _fail("development tokens are not minted when HELHET_ENVIRONMENT=production")
    home = Path(args.home) if args.home else settings.home
    keys = DevKeys(home / DEV_KEYS_DIRECTORY)

    problems = [] if args.print_jwks_path else _problems(args)
    if problems:
        for problem in problems:
            print(f"helhet token: error: {problem}", file=sys.stderr)
        return 2

    try:
        keys.ensure()
    except (OSError, ValueError) as exc:
        return _fail(f"cannot create or read the development keys: {exc}")
    if args.print_jwks_path:
        print(keys.jwks_path)
        return 0

    if settings.jwks_url:
        print(
            "helhet token: warning: HELHET_JWKS_URL is set; services using it will not "
            "accept this development token",
            file=sys.stderr,
        )
    elif settings.jwks_file and settings.jwks_file.resolve() != keys.jwks_path.resolve():
        print(
            f"helhet token: warning: HELHET_JWKS_FILE is {settings.jwks_file}, not "
            f"{keys.jwks_path}; services using it will not accept this token",
            file=sys.stderr,
        )

    token = mint_token(
        keys,
        sub=args.sub,
        municipality=args.municipality,
        agency=args.agency,
        roles=args.roles,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=args.ttl,
    )
    if args.show_claims:
        claims = jwt.decode(token, options={"verify_signature": False})
        print(json.dumps(claims, indent=2), file=sys.stderr)
    print(token)
    return 0
