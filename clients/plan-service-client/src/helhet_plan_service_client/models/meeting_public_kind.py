from enum import StrEnum


class MeetingPublicKind(StrEnum):
    CASE_MEETING = "case_meeting"
    PLAN_REVIEW = "plan_review"
    THREE_WAY_TALK = "three_way_talk"
    TRANSITION_DIALOGUE = "transition_dialogue"

    def __str__(self) -> str:
        return str(self.value)
