"""Contains all the data models used in inputs/outputs"""

from .absence_code_public import AbsenceCodePublic
from .absence_code_public_effect import AbsenceCodePublicEffect
from .absence_codes_public import AbsenceCodesPublic
from .access_log_entry_public import AccessLogEntryPublic
from .access_log_public import AccessLogPublic
from .action_completion import ActionCompletion
from .action_completion_outcome import ActionCompletionOutcome
from .action_create import ActionCreate
from .action_create_owner_agency import ActionCreateOwnerAgency
from .action_create_responsibility_type_0 import ActionCreateResponsibilityType0
from .action_public import ActionPublic
from .action_public_responsibility_type_0 import ActionPublicResponsibilityType0
from .action_public_status import ActionPublicStatus
from .actions_public import ActionsPublic
from .activity_in import ActivityIn
from .activity_in_kind import ActivityInKind
from .attendee_in import AttendeeIn
from .attendee_in_agency import AttendeeInAgency
from .attendee_public import AttendeePublic
from .benefit_export_create import BenefitExportCreate
from .benefit_export_public import BenefitExportPublic
from .benefit_line_public import BenefitLinePublic
from .benefit_public import BenefitPublic
from .certificate_public import CertificatePublic
from .certificate_public_best_norwegian_levels import CertificatePublicBestNorwegianLevels
from .certificate_public_best_norwegian_levels_additional_property import (
    CertificatePublicBestNorwegianLevelsAdditionalProperty,
)
from .certificate_public_end_goal_type_0 import CertificatePublicEndGoalType0
from .certificate_public_exit_reason import CertificatePublicExitReason
from .certificate_public_norwegian_goal_type_0 import CertificatePublicNorwegianGoalType0
from .certificate_public_regime import CertificatePublicRegime
from .certificate_public_status import CertificatePublicStatus
from .changes_page import ChangesPage
from .changes_page_items_item import ChangesPageItemsItem
from .closure_create import ClosureCreate
from .closure_create_covered_by_type_0 import ClosureCreateCoveredByType0
from .closure_create_kind import ClosureCreateKind
from .closure_create_provider_kind import ClosureCreateProviderKind
from .closure_public import ClosurePublic
from .closure_public_kind import ClosurePublicKind
from .closure_public_provider_kind import ClosurePublicProviderKind
from .closures_public import ClosuresPublic
from .consent_create import ConsentCreate
from .consent_create_purpose import ConsentCreatePurpose
from .consent_create_recipient_kind import ConsentCreateRecipientKind
from .consent_public import ConsentPublic
from .consent_public_purpose import ConsentPublicPurpose
from .consent_public_recipient_kind import ConsentPublicRecipientKind
from .consent_public_status import ConsentPublicStatus
from .consent_withdrawal import ConsentWithdrawal
from .consents_public import ConsentsPublic
from .contact_create import ContactCreate
from .contact_create_agency import ContactCreateAgency
from .contact_public import ContactPublic
from .contacts_public import ContactsPublic
from .contribution_acceptance import ContributionAcceptance
from .contribution_create import ContributionCreate
from .contribution_create_end_goal_type_0 import ContributionCreateEndGoalType0
from .contribution_create_norwegian_goal_type_0 import ContributionCreateNorwegianGoalType0
from .contribution_create_participant_group_type_0 import ContributionCreateParticipantGroupType0
from .contribution_create_section import ContributionCreateSection
from .contribution_public import ContributionPublic
from .contribution_public_end_goal_type_0 import ContributionPublicEndGoalType0
from .contribution_public_norwegian_goal_type_0 import ContributionPublicNorwegianGoalType0
from .contribution_public_participant_group_type_0 import ContributionPublicParticipantGroupType0
from .contribution_public_section import ContributionPublicSection
from .contribution_public_status import ContributionPublicStatus
from .contribution_rejection import ContributionRejection
from .contributions_public import ContributionsPublic
from .contributor_public import ContributorPublic
from .decision_in import DecisionIn
from .decision_in_owner_agency import DecisionInOwnerAgency
from .decision_in_responsibility_type_0 import DecisionInResponsibilityType0
from .deliveries_public import DeliveriesPublic
from .delivery_public import DeliveryPublic
from .delivery_public_status import DeliveryPublicStatus
from .erasure_create import ErasureCreate
from .erasure_create_reason import ErasureCreateReason
from .erasure_public import ErasurePublic
from .erasure_public_reason import ErasurePublicReason
from .exit_create import ExitCreate
from .exit_create_completion import ExitCreateCompletion
from .exit_create_reason import ExitCreateReason
from .exit_public import ExitPublic
from .exit_public_completion import ExitPublicCompletion
from .exit_public_reason import ExitPublicReason
from .extension_create import ExtensionCreate
from .extension_create_reason import ExtensionCreateReason
from .extension_public import ExtensionPublic
from .extension_public_reason import ExtensionPublicReason
from .gender_put import GenderPut
from .gender_put_gender import GenderPutGender
from .hand_over_create import HandOverCreate
from .hand_over_create_receiving_kind import HandOverCreateReceivingKind
from .hand_over_public import HandOverPublic
from .hand_over_public_basis_kind import HandOverPublicBasisKind
from .hand_over_public_package import HandOverPublicPackage
from .hand_over_public_receiving_kind import HandOverPublicReceivingKind
from .hand_overs_public import HandOversPublic
from .holiday_create import HolidayCreate
from .holiday_public import HolidayPublic
from .holidays_public import HolidaysPublic
from .leave_create import LeaveCreate
from .leave_create_reason import LeaveCreateReason
from .leave_public import LeavePublic
from .leave_public_reason import LeavePublicReason
from .ledger_entry_create import LedgerEntryCreate
from .ledger_entry_create_kind import LedgerEntryCreateKind
from .ledger_entry_public import LedgerEntryPublic
from .ledger_entry_public_effect_type_0 import LedgerEntryPublicEffectType0
from .ledger_entry_public_kind import LedgerEntryPublicKind
from .ledger_public import LedgerPublic
from .list_actions_participants_participant_id_actions_get_status_type_0 import (
    ListActionsParticipantsParticipantIdActionsGetStatusType0,
)
from .list_contributions_participants_participant_id_plan_contributions_get_status_type_0 import (
    ListContributionsParticipantsParticipantIdPlanContributionsGetStatusType0,
)
from .list_municipality_actions_actions_get_status_type_0 import ListMunicipalityActionsActionsGetStatusType0
from .live_health_live_get_response_live_health_live_get import LiveHealthLiveGetResponseLiveHealthLiveGet
from .mapping_create import MappingCreate
from .mapping_create_education_level import MappingCreateEducationLevel
from .mapping_create_interests_item import MappingCreateInterestsItem
from .mapping_public import MappingPublic
from .mapping_public_education_level import MappingPublicEducationLevel
from .mappings_public import MappingsPublic
from .meeting_create import MeetingCreate
from .meeting_create_kind import MeetingCreateKind
from .meeting_public import MeetingPublic
from .meeting_public_kind import MeetingPublicKind
from .meetings_public import MeetingsPublic
from .missing_service import MissingService
from .move_create import MoveCreate
from .move_public import MovePublic
from .national_id_put import NationalIdPut
from .norwegian_levels import NorwegianLevels
from .norwegian_levels_listening import NorwegianLevelsListening
from .norwegian_levels_reading import NorwegianLevelsReading
from .norwegian_levels_speaking import NorwegianLevelsSpeaking
from .norwegian_levels_writing import NorwegianLevelsWriting
from .outbox_health_outbox_get_response_503 import OutboxHealthOutboxGetResponse503
from .outbox_public import OutboxPublic
from .outcome_at_exit_create import OutcomeAtExitCreate
from .outcome_at_exit_create_measured_at import OutcomeAtExitCreateMeasuredAt
from .outcome_at_exit_create_status import OutcomeAtExitCreateStatus
from .outcome_public import OutcomePublic
from .outcome_public_measured_at import OutcomePublicMeasuredAt
from .outcome_public_status import OutcomePublicStatus
from .outcome_year_create import OutcomeYearCreate
from .outcome_year_create_status import OutcomeYearCreateStatus
from .outcomes_public import OutcomesPublic
from .participant_create import ParticipantCreate
from .participant_create_gender import ParticipantCreateGender
from .participant_create_household_type import ParticipantCreateHouseholdType
from .participant_import import ParticipantImport
from .participant_import_batch import ParticipantImportBatch
from .participant_import_batch_public import ParticipantImportBatchPublic
from .participant_import_household_type import ParticipantImportHouseholdType
from .participant_import_item import ParticipantImportItem
from .participant_import_item_outcome_type_0 import ParticipantImportItemOutcomeType0
from .participant_import_item_problem_type_0 import ParticipantImportItemProblemType0
from .participant_import_public import ParticipantImportPublic
from .participant_import_public_outcome import ParticipantImportPublicOutcome
from .participant_import_record import ParticipantImportRecord
from .participant_import_record_household_type import ParticipantImportRecordHouseholdType
from .participant_listing_public import ParticipantListingPublic
from .participant_listings_public import ParticipantListingsPublic
from .participant_lookup import ParticipantLookup
from .participant_public import ParticipantPublic
from .participant_public_gender import ParticipantPublicGender
from .participant_public_household_type import ParticipantPublicHouseholdType
from .participant_public_programme_status import ParticipantPublicProgrammeStatus
from .participants_public import ParticipantsPublic
from .person_identifiers import PersonIdentifiers
from .personal_data import PersonalData
from .personal_data_export import PersonalDataExport
from .personal_data_section import PersonalDataSection
from .personal_data_section_records_item import PersonalDataSectionRecordsItem
from .plan_public import PlanPublic
from .plan_public_end_goal import PlanPublicEndGoal
from .plan_public_norwegian_goal import PlanPublicNorwegianGoal
from .plan_public_participant_group_type_0 import PlanPublicParticipantGroupType0
from .plan_put import PlanPut
from .plan_put_end_goal import PlanPutEndGoal
from .plan_put_norwegian_goal import PlanPutNorwegianGoal
from .plan_put_participant_group_type_0 import PlanPutParticipantGroupType0
from .plan_version_public import PlanVersionPublic
from .plan_version_public_end_goal import PlanVersionPublicEndGoal
from .plan_version_public_norwegian_goal import PlanVersionPublicNorwegianGoal
from .plan_version_public_participant_group_type_0 import PlanVersionPublicParticipantGroupType0
from .plan_version_summary import PlanVersionSummary
from .plan_versions_public import PlanVersionsPublic
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .programme_detail import ProgrammeDetail
from .programme_detail_regime import ProgrammeDetailRegime
from .programme_detail_status import ProgrammeDetailStatus
from .programme_public import ProgrammePublic
from .programme_public_regime import ProgrammePublicRegime
from .programme_start import ProgrammeStart
from .programme_start_regime import ProgrammeStartRegime
from .ready_health_ready_get_response_503 import ReadyHealthReadyGetResponse503
from .ready_health_ready_get_response_503_checks import ReadyHealthReadyGetResponse503Checks
from .ready_health_ready_get_response_503_status import ReadyHealthReadyGetResponse503Status
from .review_create import ReviewCreate
from .review_create_agencies_present_item import ReviewCreateAgenciesPresentItem
from .review_public import ReviewPublic
from .reviews_public import ReviewsPublic
from .secret_rotated import SecretRotated
from .section_public import SectionPublic
from .section_public_section import SectionPublicSection
from .session_change import SessionChange
from .session_create import SessionCreate
from .session_create_provider_kind import SessionCreateProviderKind
from .session_end import SessionEnd
from .session_public import SessionPublic
from .session_public_provider_kind import SessionPublicProviderKind
from .sharing_bases_public import SharingBasesPublic
from .sharing_basis_create import SharingBasisCreate
from .sharing_basis_create_agency import SharingBasisCreateAgency
from .sharing_basis_create_legal_basis import SharingBasisCreateLegalBasis
from .sharing_basis_create_purpose import SharingBasisCreatePurpose
from .sharing_basis_public import SharingBasisPublic
from .sharing_basis_public_legal_basis import SharingBasisPublicLegalBasis
from .sharing_basis_public_purpose import SharingBasisPublicPurpose
from .subscription_create import SubscriptionCreate
from .subscription_create_event_types_item import SubscriptionCreateEventTypesItem
from .subscription_created import SubscriptionCreated
from .subscription_created_status import SubscriptionCreatedStatus
from .subscription_public import SubscriptionPublic
from .subscription_public_status import SubscriptionPublicStatus
from .test_levels import TestLevels
from .test_levels_listening_type_0 import TestLevelsListeningType0
from .test_levels_reading_type_0 import TestLevelsReadingType0
from .test_levels_speaking_type_0 import TestLevelsSpeakingType0
from .test_levels_writing_type_0 import TestLevelsWritingType0
from .test_result_create import TestResultCreate
from .test_result_create_test import TestResultCreateTest
from .test_result_public import TestResultPublic
from .test_result_public_levels import TestResultPublicLevels
from .test_result_public_levels_additional_property import TestResultPublicLevelsAdditionalProperty
from .test_result_public_test import TestResultPublicTest
from .test_results_public import TestResultsPublic
from .timetable_public import TimetablePublic
from .transition_public import TransitionPublic
from .transition_public_next_step_type_0 import TransitionPublicNextStepType0
from .transition_public_receiving_kind_type_0 import TransitionPublicReceivingKindType0
from .transition_update import TransitionUpdate
from .transition_update_next_step_type_0 import TransitionUpdateNextStepType0
from .transition_update_receiving_kind_type_0 import TransitionUpdateReceivingKindType0
from .week_check_create import WeekCheckCreate
from .week_check_public import WeekCheckPublic
from .week_public import WeekPublic
from .weeks_public import WeeksPublic

__all__ = (
    "AbsenceCodePublic",
    "AbsenceCodePublicEffect",
    "AbsenceCodesPublic",
    "AccessLogEntryPublic",
    "AccessLogPublic",
    "ActionCompletion",
    "ActionCompletionOutcome",
    "ActionCreate",
    "ActionCreateOwnerAgency",
    "ActionCreateResponsibilityType0",
    "ActionPublic",
    "ActionPublicResponsibilityType0",
    "ActionPublicStatus",
    "ActionsPublic",
    "ActivityIn",
    "ActivityInKind",
    "AttendeeIn",
    "AttendeeInAgency",
    "AttendeePublic",
    "BenefitExportCreate",
    "BenefitExportPublic",
    "BenefitLinePublic",
    "BenefitPublic",
    "CertificatePublic",
    "CertificatePublicBestNorwegianLevels",
    "CertificatePublicBestNorwegianLevelsAdditionalProperty",
    "CertificatePublicEndGoalType0",
    "CertificatePublicExitReason",
    "CertificatePublicNorwegianGoalType0",
    "CertificatePublicRegime",
    "CertificatePublicStatus",
    "ChangesPage",
    "ChangesPageItemsItem",
    "ClosureCreate",
    "ClosureCreateCoveredByType0",
    "ClosureCreateKind",
    "ClosureCreateProviderKind",
    "ClosurePublic",
    "ClosurePublicKind",
    "ClosurePublicProviderKind",
    "ClosuresPublic",
    "ConsentCreate",
    "ConsentCreatePurpose",
    "ConsentCreateRecipientKind",
    "ConsentPublic",
    "ConsentPublicPurpose",
    "ConsentPublicRecipientKind",
    "ConsentPublicStatus",
    "ConsentsPublic",
    "ConsentWithdrawal",
    "ContactCreate",
    "ContactCreateAgency",
    "ContactPublic",
    "ContactsPublic",
    "ContributionAcceptance",
    "ContributionCreate",
    "ContributionCreateEndGoalType0",
    "ContributionCreateNorwegianGoalType0",
    "ContributionCreateParticipantGroupType0",
    "ContributionCreateSection",
    "ContributionPublic",
    "ContributionPublicEndGoalType0",
    "ContributionPublicNorwegianGoalType0",
    "ContributionPublicParticipantGroupType0",
    "ContributionPublicSection",
    "ContributionPublicStatus",
    "ContributionRejection",
    "ContributionsPublic",
    "ContributorPublic",
    "DecisionIn",
    "DecisionInOwnerAgency",
    "DecisionInResponsibilityType0",
    "DeliveriesPublic",
    "DeliveryPublic",
    "DeliveryPublicStatus",
    "ErasureCreate",
    "ErasureCreateReason",
    "ErasurePublic",
    "ErasurePublicReason",
    "ExitCreate",
    "ExitCreateCompletion",
    "ExitCreateReason",
    "ExitPublic",
    "ExitPublicCompletion",
    "ExitPublicReason",
    "ExtensionCreate",
    "ExtensionCreateReason",
    "ExtensionPublic",
    "ExtensionPublicReason",
    "GenderPut",
    "GenderPutGender",
    "HandOverCreate",
    "HandOverCreateReceivingKind",
    "HandOverPublic",
    "HandOverPublicBasisKind",
    "HandOverPublicPackage",
    "HandOverPublicReceivingKind",
    "HandOversPublic",
    "HolidayCreate",
    "HolidayPublic",
    "HolidaysPublic",
    "LeaveCreate",
    "LeaveCreateReason",
    "LeavePublic",
    "LeavePublicReason",
    "LedgerEntryCreate",
    "LedgerEntryCreateKind",
    "LedgerEntryPublic",
    "LedgerEntryPublicEffectType0",
    "LedgerEntryPublicKind",
    "LedgerPublic",
    "ListActionsParticipantsParticipantIdActionsGetStatusType0",
    "ListContributionsParticipantsParticipantIdPlanContributionsGetStatusType0",
    "ListMunicipalityActionsActionsGetStatusType0",
    "LiveHealthLiveGetResponseLiveHealthLiveGet",
    "MappingCreate",
    "MappingCreateEducationLevel",
    "MappingCreateInterestsItem",
    "MappingPublic",
    "MappingPublicEducationLevel",
    "MappingsPublic",
    "MeetingCreate",
    "MeetingCreateKind",
    "MeetingPublic",
    "MeetingPublicKind",
    "MeetingsPublic",
    "MissingService",
    "MoveCreate",
    "MovePublic",
    "NationalIdPut",
    "NorwegianLevels",
    "NorwegianLevelsListening",
    "NorwegianLevelsReading",
    "NorwegianLevelsSpeaking",
    "NorwegianLevelsWriting",
    "OutboxHealthOutboxGetResponse503",
    "OutboxPublic",
    "OutcomeAtExitCreate",
    "OutcomeAtExitCreateMeasuredAt",
    "OutcomeAtExitCreateStatus",
    "OutcomePublic",
    "OutcomePublicMeasuredAt",
    "OutcomePublicStatus",
    "OutcomesPublic",
    "OutcomeYearCreate",
    "OutcomeYearCreateStatus",
    "ParticipantCreate",
    "ParticipantCreateGender",
    "ParticipantCreateHouseholdType",
    "ParticipantImport",
    "ParticipantImportBatch",
    "ParticipantImportBatchPublic",
    "ParticipantImportHouseholdType",
    "ParticipantImportItem",
    "ParticipantImportItemOutcomeType0",
    "ParticipantImportItemProblemType0",
    "ParticipantImportPublic",
    "ParticipantImportPublicOutcome",
    "ParticipantImportRecord",
    "ParticipantImportRecordHouseholdType",
    "ParticipantListingPublic",
    "ParticipantListingsPublic",
    "ParticipantLookup",
    "ParticipantPublic",
    "ParticipantPublicGender",
    "ParticipantPublicHouseholdType",
    "ParticipantPublicProgrammeStatus",
    "ParticipantsPublic",
    "PersonalData",
    "PersonalDataExport",
    "PersonalDataSection",
    "PersonalDataSectionRecordsItem",
    "PersonIdentifiers",
    "PlanPublic",
    "PlanPublicEndGoal",
    "PlanPublicNorwegianGoal",
    "PlanPublicParticipantGroupType0",
    "PlanPut",
    "PlanPutEndGoal",
    "PlanPutNorwegianGoal",
    "PlanPutParticipantGroupType0",
    "PlanVersionPublic",
    "PlanVersionPublicEndGoal",
    "PlanVersionPublicNorwegianGoal",
    "PlanVersionPublicParticipantGroupType0",
    "PlanVersionsPublic",
    "PlanVersionSummary",
    "Problem",
    "ProblemFieldError",
    "ProgrammeDetail",
    "ProgrammeDetailRegime",
    "ProgrammeDetailStatus",
    "ProgrammePublic",
    "ProgrammePublicRegime",
    "ProgrammeStart",
    "ProgrammeStartRegime",
    "ReadyHealthReadyGetResponse503",
    "ReadyHealthReadyGetResponse503Checks",
    "ReadyHealthReadyGetResponse503Status",
    "ReviewCreate",
    "ReviewCreateAgenciesPresentItem",
    "ReviewPublic",
    "ReviewsPublic",
    "SecretRotated",
    "SectionPublic",
    "SectionPublicSection",
    "SessionChange",
    "SessionCreate",
    "SessionCreateProviderKind",
    "SessionEnd",
    "SessionPublic",
    "SessionPublicProviderKind",
    "SharingBasesPublic",
    "SharingBasisCreate",
    "SharingBasisCreateAgency",
    "SharingBasisCreateLegalBasis",
    "SharingBasisCreatePurpose",
    "SharingBasisPublic",
    "SharingBasisPublicLegalBasis",
    "SharingBasisPublicPurpose",
    "SubscriptionCreate",
    "SubscriptionCreated",
    "SubscriptionCreatedStatus",
    "SubscriptionCreateEventTypesItem",
    "SubscriptionPublic",
    "SubscriptionPublicStatus",
    "TestLevels",
    "TestLevelsListeningType0",
    "TestLevelsReadingType0",
    "TestLevelsSpeakingType0",
    "TestLevelsWritingType0",
    "TestResultCreate",
    "TestResultCreateTest",
    "TestResultPublic",
    "TestResultPublicLevels",
    "TestResultPublicLevelsAdditionalProperty",
    "TestResultPublicTest",
    "TestResultsPublic",
    "TimetablePublic",
    "TransitionPublic",
    "TransitionPublicNextStepType0",
    "TransitionPublicReceivingKindType0",
    "TransitionUpdate",
    "TransitionUpdateNextStepType0",
    "TransitionUpdateReceivingKindType0",
    "WeekCheckCreate",
    "WeekCheckPublic",
    "WeekPublic",
    "WeeksPublic",
)
