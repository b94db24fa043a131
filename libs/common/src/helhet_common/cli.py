"""The ``helhet`` developer command: tokens, demo identities, the local broker, event
contracts, the local mail sink, ``dev``
(the processes of a Procfile, restarted when they exit)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from helhet_common import broker, contracts_cli, mail_sink, supervisor
    from helhet_common.auth import cli as auth_cli
    from helhet_common.auth import dev_identity

    parser = argparse.ArgumentParser(prog="helhet", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    auth_cli.register(commands)
    dev_identity.register(commands)
    broker.register(commands)
    contracts_cli.register(commands)
    supervisor.register(commands)
    mail_sink.register(commands)
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
