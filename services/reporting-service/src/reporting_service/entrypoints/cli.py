"""``reporting-service api|consume|migrate|evaluate-alerts``."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from helhet_common.service import run_cli
    from reporting_service.bootstrap import definition

    return run_cli(definition, argv)


if __name__ == "__main__":
    sys.exit(main())
