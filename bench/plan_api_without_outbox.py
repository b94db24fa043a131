"""plan-service's ``api`` with the outbox a no-op: ``write_api.py``'s comparison of the
same app with and without the outbox. Not for anything else."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from helhet_common.messaging.outbox import OutboxWriter


async def _nothing(self: OutboxWriter, session: object, events: Sequence[object]) -> None:
    return None


if __name__ == "__main__":
    OutboxWriter.add = _nothing  # type: ignore[method-assign,assignment]
    from plan_service.entrypoints.cli import main

    sys.exit(main(sys.argv[1:]))
