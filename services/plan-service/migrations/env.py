from helhet_common.db.migrations import run_env
from plan_service.adapters.tables import metadata
from plan_service.settings import PlanSettings

run_env(metadata, PlanSettings().resolved_database_url)
