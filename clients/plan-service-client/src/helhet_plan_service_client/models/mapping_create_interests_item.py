from enum import StrEnum


class MappingCreateInterestsItem(StrEnum):
    ANIMALS = "animals"
    ART = "art"
    CHILDREN_AND_YOUTH = "children_and_youth"
    COOKING = "cooking"
    CRAFTS = "crafts"
    CYCLING = "cycling"
    DANCE = "dance"
    FISHING = "fishing"
    FOOTBALL = "football"
    GAMES = "games"
    GARDENING = "gardening"
    HIKING = "hiking"
    MUSIC = "music"
    OTHER = "other"
    OTHER_SPORTS = "other_sports"
    PHOTOGRAPHY = "photography"
    READING = "reading"
    SEWING = "sewing"
    SWIMMING = "swimming"
    TECHNOLOGY = "technology"
    THEATRE = "theatre"
    VOLUNTEERING = "volunteering"

    def __str__(self) -> str:
        return str(self.value)
