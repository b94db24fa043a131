from helhet_common.db.migrations import run_env
from volunteer_service.adapters.tables import metadata
from volunteer_service.settings import VolunteerSettings

run_env(metadata, VolunteerSettings().resolved_database_url)
