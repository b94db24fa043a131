"""placement-service's operational surface: the contract every service passes."""

from __future__ import annotations

from helhet_common.testing.contract import OperationalSurfaceContract
from placement_service.bootstrap import definition


class TestOperations(OperationalSurfaceContract):
    definition = definition
