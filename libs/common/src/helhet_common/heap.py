"""The garbage collector of a long-running event process (consumer, relay, rebuild).

Python's cyclic collector walks every tracked object of a generation when it runs, and
the oldest generation holds everything a process imported and built at start-up
(modules, SQLAlchemy's tables and compiled statements, pydantic's models): hundreds of
thousands of objects walked again and again while a batch of thousands of events
allocates. Measured on reporting's projection (issue 14), about a third of the CPU time
per event went to those walks.

``settle_heap`` is called once the process has started, before its loop: it collects
once, moves every surviving object to the permanent generation (``gc.freeze``: never
walked again, never freed, which start-up objects are not anyway) and collects the
young generation less often (``YOUNG`` allocations instead of 700): a batch's objects
are freed by reference counting as before; only cyclic garbage waits a little longer.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations (less deallocations) between two collections of the young generation.
YOUNG = 10_000


def settle_heap(*, young: int = YOUNG) -> None:
    """Freeze what start-up built and collect the young generation every ``young``
    allocations (never more often than the interpreter's default)."""
    gc.collect()
    gc.freeze()
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, young), gen1, gen2)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting frees as usual), one
    collection at its end. For a bulk replay, which keeps every folded state and the
    applied event ids until its single write: the collector's passes would walk that
    growing heap again and again (about a fifth of an in-memory replay's time) to find
    next to no cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        gc.collect()
