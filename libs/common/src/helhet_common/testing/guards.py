"""Guards a service's tests use to stay complete as the code grows."""

from __future__ import annotations

import inspect
from pathlib import Path
from types import ModuleType

__all__ = ["handlers_without_a_test"]


def handlers_without_a_test(handlers: ModuleType, test_file: str | Path) -> list[str]:
    """The command handlers of ``handlers`` (its own public coroutine functions) that
    ``test_file`` never calls as ``handlers.<name>``: a new handler needs its test in the
    handler tier. Private helpers (``_name``) are tested through the handlers."""
    source = Path(test_file).read_text(encoding="utf-8")
    return [
        name
        for name, function in inspect.getmembers(handlers, inspect.iscoroutinefunction)
        if function.__module__ == handlers.__name__
        and not name.startswith("_")
        and f"handlers.{name}" not in source
    ]
