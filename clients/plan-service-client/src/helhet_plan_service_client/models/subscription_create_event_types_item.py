from enum import StrEnum


class SubscriptionCreateEventTypesItem(StrEnum):
    HELHET_ACTION_COMPLETED_V1 = "helhet.action.completed.v1"
    HELHET_ACTION_CREATED_V1 = "helhet.action.created.v1"
    HELHET_CONSENT_EXPIRED_V1 = "helhet.consent.expired.v1"
    HELHET_CONSENT_GRANTED_V1 = "helhet.consent.granted.v1"
    HELHET_CONSENT_WITHDRAWN_V1 = "helhet.consent.withdrawn.v1"
    HELHET_HAND_OVER_ACKNOWLEDGED_V1 = "helhet.hand_over.acknowledged.v1"
    HELHET_HAND_OVER_CREATED_V1 = "helhet.hand_over.created.v1"
    HELHET_LEDGER_ENTRY_RECORDED_V1 = "helhet.ledger_entry.recorded.v1"
    HELHET_MAPPING_RECORDED_V1 = "helhet.mapping.recorded.v1"
    HELHET_MEETING_HELD_V1 = "helhet.meeting.held.v1"
    HELHET_OUTCOME_RECORDED_V1 = "helhet.outcome.recorded.v1"
    HELHET_PARTICIPANT_ERASED_V1 = "helhet.participant.erased.v1"
    HELHET_PARTICIPANT_GENDER_SET_V1 = "helhet.participant.gender_set.v1"
    HELHET_PARTICIPANT_MOVED_V1 = "helhet.participant.moved.v1"
    HELHET_PARTICIPANT_SETTLED_V1 = "helhet.participant.settled.v1"
    HELHET_PLAN_REVIEWED_V1 = "helhet.plan.reviewed.v1"
    HELHET_PLAN_UPDATED_V1 = "helhet.plan.updated.v1"
    HELHET_PROGRAMME_ENDED_V1 = "helhet.programme.ended.v1"
    HELHET_PROGRAMME_EXTENDED_V1 = "helhet.programme.extended.v1"
    HELHET_PROGRAMME_LEAVE_V1 = "helhet.programme.leave.v1"
    HELHET_PROGRAMME_STARTED_V1 = "helhet.programme.started.v1"
    HELHET_SHARING_BASIS_RECORDED_V1 = "helhet.sharing_basis.recorded.v1"
    HELHET_TEST_RESULT_RECORDED_V1 = "helhet.test_result.recorded.v1"
    HELHET_TIMETABLE_SESSION_ADDED_V1 = "helhet.timetable_session.added.v1"
    HELHET_TIMETABLE_SESSION_CHANGED_V1 = "helhet.timetable_session.changed.v1"
    HELHET_TIMETABLE_SESSION_ENDED_V1 = "helhet.timetable_session.ended.v1"
    HELHET_TIMETABLE_WEEK_CHECKED_V1 = "helhet.timetable_week.checked.v1"
    HELHET_TRANSITION_UPDATED_V1 = "helhet.transition.updated.v1"

    def __str__(self) -> str:
        return str(self.value)
