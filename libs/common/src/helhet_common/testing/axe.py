"""axe-core in the browser tests: every page checked against the accessibility rules.

axe-core comes from npm at the version ``tests/axe/package-lock.json`` pins (``make
install`` puts it in ``tests/axe/node_modules``). ``serious_violations(page)`` evaluates
its script in the page through the DevTools protocol (the pages forbid scripts in their
Content-Security-Policy, which does not apply to the test's own evaluation) and runs
every rule on the whole document; it returns the serious and critical violations, each
with the elements it found, for an assertion message a person can act on.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

AXE_DIRECTORY = Path("tests") / "axe"
SERIOUS = frozenset({"serious", "critical"})

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


@cache
def axe_source() -> str:
    """``axe.min.js`` of the repository this package is checked out in."""
    for parent in [Path.cwd(), *Path(__file__).resolve().parents]:
        directory = parent / AXE_DIRECTORY
        if (directory / "package.json").is_file():
            script = directory / "node_modules" / "axe-core" / "axe.min.js"
            if not script.is_file():
                raise RuntimeError(f"{script} is missing: run `make install` (needs npm)")
            return script.read_text(encoding="utf-8")
    raise RuntimeError(f"{AXE_DIRECTORY}/package.json not found above {Path.cwd()}")


async def violations(page: Any, impacts: frozenset[str] = SERIOUS) -> list[dict[str, Any]]:
    """axe-core's violations on ``page`` (a Playwright page) of the given impacts."""
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.evaluate("source => { (0, eval)(source); }", axe_source())
    found: list[dict[str, Any]] = await page.evaluate(_RUN)
    return [v for v in found if v["impact"] in impacts]


async def serious_violations(page: Any) -> list[dict[str, Any]]:
    return await violations(page, SERIOUS)


__all__ = ["axe_source", "serious_violations", "violations"]
