from helhet_common.db.migrations import run_env
from reporting_service.adapters.tables import metadata
from reporting_service.settings import ReportingSettings

run_env(metadata, ReportingSettings().resolved_database_url)
