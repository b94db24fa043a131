from helhet_common.db.migrations import run_env
from placement_service.adapters.tables import metadata
from placement_service.settings import PlacementSettings

run_env(metadata, PlacementSettings().resolved_database_url)
