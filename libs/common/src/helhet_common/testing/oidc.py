"""A real OpenID provider for tests: node-oidc-provider run by ``tests/oidc-provider``.

``OidcProvider(config).start()`` writes the configuration (demo accounts, clients,
APIs; see ``tests/oidc-provider/server.mjs``) to a file, starts ``node server.mjs`` on a
port the kernel picks (so parallel runs never collide) and reads the issuer URL it
prints. The provider also ends when the test process does (it watches its stdin).
``rotate_key()`` makes it sign with a new key, as a real provider rotating its keys.
``make install`` installs the provider's pinned packages.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

PROVIDER_DIRECTORY = Path("tests") / "oidc-provider"


def provider_directory() -> Path:
    """``tests/oidc-provider`` of the repository this package is checked out in."""
    for parent in [Path.cwd(), *Path(__file__).resolve().parents]:
        candidate = parent / PROVIDER_DIRECTORY
        if (candidate / "server.mjs").is_file():
            return candidate
    raise RuntimeError(f"{PROVIDER_DIRECTORY}/server.mjs not found above {Path.cwd()}")


class OidcProvider:
    def __init__(self, config: dict[str, Any], *, startup_timeout: float = 60.0) -> None:
        self.config = config
        self.startup_timeout = startup_timeout
        self.issuer = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._config_file: Path | None = None

    def start(self) -> OidcProvider:
        directory = provider_directory()
        if not (directory / "node_modules" / "oidc-provider").is_dir():
            raise RuntimeError(
                f"{directory}/node_modules is missing: run `make install` (needs npm)"
            )
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not on PATH (the test provider runs on Node.js)")
        fd, name = tempfile.mkstemp(prefix="oidc-provider-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({**self.config, "host": "127.0.0.1", "port": 0}, handle)
        self._config_file = Path(name)
        self._process = subprocess.Popen(
            [node, str(directory / "server.mjs"), name, "--exit-with-stdin"],
            cwd=directory,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            self.issuer = str(self._read_line(self.startup_timeout, "issuer"))
        except RuntimeError:
            self.stop()
            raise RuntimeError("the OpenID test provider did not start") from None
        return self

    def _read_line(self, timeout: float, key: str) -> Any:
        """``key`` of the next JSON line the provider prints with it (one per event)."""
        assert self._process is not None
        assert self._process.stdout is not None
        deadline = time.monotonic() + timeout
        line = b""
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or self._process.poll() is not None:
                raise RuntimeError("the OpenID test provider did not answer")
            ready, _, _ = select.select([self._process.stdout], [], [], left)
            if not ready:
                continue
            # One byte at a time: never read past the line into the next one.
            chunk = os.read(self._process.stdout.fileno(), 1)
            if not chunk:
                continue
            line += chunk
            if line.endswith(b"\n"):
                try:
                    parsed = json.loads(line.decode())
                except ValueError:
                    parsed = None
                if isinstance(parsed, dict) and key in parsed:
                    return parsed[key]
                line = b""

    def rotate_key(self, timeout: float = 30.0) -> str:
        """Rotate the provider's signing key (the same process and issuer): it signs with
        a new key from now on and still publishes the previous one. The new ``kid``."""
        assert self._process is not None, "the provider is not running"
        self._process.send_signal(signal.SIGHUP)
        return str(self._read_line(timeout, "rotated"))

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def token_endpoint(self) -> str:
        return f"{self.issuer}/token"

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process is not None:
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    stream.close()
        self._process = None
        if self._config_file is not None:
            self._config_file.unlink(missing_ok=True)
            self._config_file = None

    def __enter__(self) -> OidcProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
