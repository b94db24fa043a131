"""placement-service settings: the shared base, read from ``PLACEMENT_*`` variables."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict

from helhet_common.settings import ServiceSettings


class PlacementSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PLACEMENT_", extra="ignore")

    service_name: str = "placement-service"
    port: int = 8002
    # A participant who moves away: their running placements end on the day of the move
    # (False: they run on, and the caseworkers end them; the participant is no longer
    # found here either way).
    end_placements_on_move: bool = True
    # A participant whose programme ended (an exit, plan-service's
    # helhet.programme.ended.v1), ``PLACEMENT_ON_EXIT``: ``end`` (the default) ends their
    # running placements that day (``programme_ended``), except one a NAV measure carries
    # past the end; ``keep`` leaves them for the caseworkers to end. Either way the
    # participant is no longer found for matching or a new placement.
    on_exit: Literal["end", "keep"] = "end"
