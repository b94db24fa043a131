"""``helhet token``: the development issuer, run in-process on its own parser."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import jwt
import pytest

from helhet_common.auth import (
    CASEWORKER,
    PLAN_EDITOR,
    DevKeys,
    JwksFile,
    Principal,
    TokenVerifier,
)
from helhet_common.auth import cli as auth_cli
from helhet_common.settings import ServiceSettings

ENVIRONMENT = (
    "HELHET_HOME",
    "HELHET_ENVIRONMENT",
    "HELHET_JWKS_URL",
    "HELHET_JWKS_FILE",
    "HELHET_JWT_ISSUER",
    "HELHET_JWT_AUDIENCE",
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("HELHET_HOME", str(home))
    return home


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="helhet")
    commands = parser.add_subparsers(dest="command", required=True)
    auth_cli.register(commands)
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


BASE = ["token", "--agency", "refugee-service", "--municipality", "3403"]


def test_prints_a_token_that_verifies(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run([*BASE, "--role", CASEWORKER, "--role", PLAN_EDITOR, "--sub", "user-7"])
    out, err = capsys.readouterr()
    assert code == 0
    assert err == ""
    token = out.strip()
    assert out == token + "\n"  # only the token, so TOKEN=$(helhet token ...) works

    assert (home / "dev-keys" / "private.pem").exists()
    verifier = TokenVerifier.from_settings(ServiceSettings())
    assert verifier.verify(token) == Principal(
        sub="user-7",
        municipality="3403",
        agency="refugee-service",
        roles=frozenset({CASEWORKER, PLAN_EDITOR}),
    )


def test_reuses_the_key_between_runs(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*BASE, "--role", CASEWORKER]) == 0
    pem = (home / "dev-keys" / "private.pem").read_bytes()
    first = capsys.readouterr().out.strip()
    assert run([*BASE, "--role", CASEWORKER]) == 0
    second = capsys.readouterr().out.strip()
    assert (home / "dev-keys" / "private.pem").read_bytes() == pem
    assert jwt.get_unverified_header(first)["kid"] == jwt.get_unverified_header(second)["kid"]


def test_home_option_and_ttl(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other-home"
    assert run([*BASE, "--role", CASEWORKER, "--home", str(other), "--ttl", "60"]) == 0
    token = capsys.readouterr().out.strip()
    assert not home.exists()
    settings = ServiceSettings()
    verifier = TokenVerifier(
        JwksFile(other / "dev-keys" / "jwks.json"),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
    assert verifier.verify(token).sub == "dev-user"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 60


def test_issuer_and_audience_come_from_settings(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HELHET_JWT_ISSUER", "issuer-x")
    monkeypatch.setenv("HELHET_JWT_AUDIENCE", "audience-y")
    assert run([*BASE, "--role", CASEWORKER]) == 0
    claims = jwt.decode(capsys.readouterr().out.strip(), options={"verify_signature": False})
    assert claims["iss"] == "issuer-x"
    assert claims["aud"] == "audience-y"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["token", "--agency", "nav", "--municipality", "3403"], "at least one --role"),
        ([*BASE, "--role", "casewroker"], "unknown role 'casewroker'"),
        (["token", "--role", "caseworker", "--municipality", "3403"], "--agency is required"),
        (["token", "--role", "caseworker", "--agency", "police", "--municipality", "3403"],
         "unknown agency 'police'"),
        (["token", "--role", "caseworker", "--agency", "nav"], "--municipality is required"),
        (["token", "--role", "caseworker", "--agency", "nav", "--municipality", "Hamar"],
         "municipality must be 4 digits"),
        ([*BASE, "--role", CASEWORKER, "--ttl", "0"], "--ttl must be a positive"),
    ],
)  # fmt: skip
def test_bad_arguments_exit_2_with_a_message(
    home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert run(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert not home.exists()  # no keys created for a failed call


def test_refuses_in_production(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HELHET_ENVIRONMENT", "production")
    assert run([*BASE, "--role", CASEWORKER]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "production" in err


def test_show_claims_goes_to_stderr(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*BASE, "--role", CASEWORKER, "--show-claims"]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1
    claims = json.loads(err)
    assert claims["municipality"] == "3403"
    assert claims["roles"] == [CASEWORKER]


def test_print_jwks_path(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["token", "--print-jwks-path"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == home / "dev-keys" / "jwks.json"
    assert path == ServiceSettings().resolved_jwks_file
    assert json.loads(path.read_text())["keys"][0]["kid"] == DevKeys(path.parent).kid


def test_warns_when_services_use_other_keys(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HELHET_JWKS_URL", "https://login.example/jwks")
    assert run([*BASE, "--role", CASEWORKER]) == 0
    out, err = capsys.readouterr()
    assert "HELHET_JWKS_URL" in err
    assert out.count(".") == 2
