"""Polling with a deadline: the only way tests wait for eventually-true conditions.

``wait_until`` (sync) and ``async_wait_until`` (async; the predicate may be sync or
async) call the predicate until it returns a truthy value and return that value. An
exception raised by the predicate counts as "not yet" and is remembered. At the deadline
they raise ``AssertionError`` carrying the message and the last value or exception seen.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

__all__ = ["async_wait_until", "wait_until"]

T = TypeVar("T")

_NOTHING = object()


def _timeout_error(
    message: str,
    timeout: float,
    attempts: int,
    last_value: object,
    last_error: BaseException | None,
) -> AssertionError:
    text = message or "condition was not met"
    if last_error is not None:
        seen = f"last exception: {type(last_error).__name__}: {last_error}"
    elif last_value is _NOTHING:
        seen = "the predicate never returned"
    else:
        seen = f"last value: {last_value!r}"
    return AssertionError(f"{text} (timed out after {timeout:g}s, {attempts} attempts; {seen})")


def wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float = 10.0,
    interval: float = 0.05,
    message: str = "",
) -> T:
    """Call ``predicate`` every ``interval`` seconds until it returns something truthy.

    The predicate is always called at least once, and once more at the deadline.
    """
    deadline = time.monotonic() + timeout
    last_value: object = _NOTHING
    last_error: BaseException | None = None
    attempts = 0
    while True:
        attempts += 1
        try:
            value = predicate()
        except Exception as exc:
            last_error = exc
        else:
            if value:
                return value
            last_value, last_error = value, None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout_error(message, timeout, attempts, last_value, last_error) from last_error
        time.sleep(min(interval, remaining))


@overload
async def async_wait_until(
    predicate: Callable[[], Awaitable[T]],
    *,
    timeout: float = ...,  # noqa: ASYNC109 (same API as wait_until)
    interval: float = ...,
    message: str = ...,
) -> T: ...


@overload
async def async_wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float = ...,  # noqa: ASYNC109 (same API as wait_until)
    interval: float = ...,
    message: str = ...,
) -> T: ...


async def async_wait_until(
    predicate: Callable[[], Any],
    *,
    timeout: float = 10.0,  # noqa: ASYNC109 (same API as wait_until)
    interval: float = 0.05,
    message: str = "",
) -> Any:
    """Async :func:`wait_until`. An awaitable result is awaited, bounded by the deadline."""
    deadline = time.monotonic() + timeout
    last_value: object = _NOTHING
    last_error: BaseException | None = None
    attempts = 0
    while True:
        attempts += 1
        try:
            value = predicate()
            if inspect.isawaitable(value):
                # A hung check must not outlive the deadline (but always gets a chance).
                budget = max(deadline - time.monotonic(), interval)
                value = await asyncio.wait_for(value, timeout=budget)
        except Exception as exc:
            last_error = exc
        else:
            if value:
                return value
            last_value, last_error = value, None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout_error(message, timeout, attempts, last_value, last_error) from last_error
        await asyncio.sleep(min(interval, remaining))
