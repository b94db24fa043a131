"""Test support shared by every package: waiting helpers, databases, brokers.

The pytest plugin (fixtures) is :mod:`helhet_common.testing.plugin`, loaded for the
whole repository through ``-p helhet_common.testing.plugin`` in the root pyproject.
"""

from __future__ import annotations

from helhet_common.testing.waiting import async_wait_until, wait_until

__all__ = ["async_wait_until", "wait_until"]
