"""The links of the chain from settlement to work, education and a network, each a
responsibility some unit should own.

One code list for every service: plan-service's follow-up actions name the link they
serve, reporting-service's organisation models say which unit owns each link.
"""

from __future__ import annotations

from enum import StrEnum


class Responsibility(StrEnum):
    """The links of the chain, each a responsibility some unit should own."""

    SETTLEMENT = "settlement"
    MAPPING = "mapping"
    PLAN = "plan"
    NORWEGIAN_TRAINING = "norwegian_training"
    LANGUAGE_PRACTICE = "language_practice"
    WORK_PRACTICE = "work_practice"
    NAV_MEASURES = "nav_measures"
    SOCIAL_NETWORK = "social_network"
    TRANSITION = "transition"
    EXIT = "exit"
    FOLLOW_UP = "follow_up"


RESPONSIBILITIES: tuple[Responsibility, ...] = tuple(Responsibility)
