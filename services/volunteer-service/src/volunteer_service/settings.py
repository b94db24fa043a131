"""volunteer-service settings: the shared base, read from ``VOLUNTEER_*`` variables."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict

from helhet_common.settings import ServiceSettings


class VolunteerSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VOLUNTEER_", extra="ignore")

    service_name: str = "volunteer-service"
    port: int = 8003
    # A participant who moves away: their open matches end on the day of the move
    # (False: they stay for the coordinator to end; the participant is no longer found
    # here either way).
    end_matches_on_move: bool = True
    # A participant whose programme ended (an exit, plan-service's
    # helhet.programme.ended.v1), ``VOLUNTEER_ON_EXIT``: ``end`` (the default) ends their
    # open matches that day (``programme_ended``); ``keep`` leaves them for the
    # coordinator to end (a mentor who goes on as a friend). Either way the participant is
    # no longer found for suggestions, new matches or the lists.
    on_exit: Literal["end", "keep"] = "end"
