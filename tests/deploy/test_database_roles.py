"""The runtime role of ``deploy/postgres/runtime-role.sql`` writes rows and nothing more.

Against the test PostgreSQL: a fresh database owned by an owner role, the grants of
``runtime-role.sql`` applied before the migrations (as compose's init script does), the
migrations run as the owner (what ``<PREFIX>_MIGRATION_DATABASE_URL`` is for); then the
runtime role may select, insert, update and delete in every table the migrations made,
and may not create, drop or truncate a table.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from helhet_common.testing.plugin import MakeDatabase
from helhet_common.testing.services import migrate_database
from plan_service.bootstrap import MIGRATIONS as PLAN_MIGRATIONS

pytestmark = pytest.mark.integration

GRANTS = Path(__file__).resolve().parents[2] / "deploy" / "postgres" / "runtime-role.sql"


def _psql(psql: str, url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run(
        [psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", libpq, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


# "superuser": as compose's init script applies it; "owner": as the Kubernetes migrate
# Job's `grants` init container does (CloudNativePG enables no superuser), with schema
# public left to pg_database_owner as a new database has it.
@pytest.mark.parametrize("applied_by", ["superuser", "owner"])
def test_runtime_role_writes_rows_but_changes_no_table(
    make_database: MakeDatabase, tool: Callable[[str], str], applied_by: str
) -> None:
    psql = tool("psql")
    admin_url = make_database("roles_plan")
    database = make_url(admin_url).database
    assert database
    suffix = uuid.uuid4().hex[:8]
    owner, runtime = f"plan_owner_{suffix}", f"plan_app_{suffix}"
    owner_url = make_url(admin_url).set(username=owner, password=None)
    runtime_url = make_url(admin_url).set(username=runtime, password=None)
    owner_str = owner_url.render_as_string(hide_password=False)
    runtime_str = runtime_url.render_as_string(hide_password=False)
    _psql(psql, admin_url, "-c", f"CREATE ROLE {owner} LOGIN; CREATE ROLE {runtime} LOGIN")
    try:
        _psql(psql, admin_url, "-c", f'ALTER DATABASE "{database}" OWNER TO {owner}')
        variables = ["-v", f"db={database}", "-v", f"owner={owner}", "-v", f"runtime={runtime}"]
        if applied_by == "superuser":
            _psql(psql, admin_url, "-c", f"ALTER SCHEMA public OWNER TO {owner}")
            _psql(psql, admin_url, *variables, "-f", str(GRANTS))
        else:
            _psql(psql, owner_str, *variables, "-f", str(GRANTS))
        migrate_database(PLAN_MIGRATIONS, owner_str)

        tables = _psql(
            psql, runtime_str, "-c", "SELECT tablename FROM pg_tables WHERE schemaname='public'"
        ).stdout.split()
        assert "outbox" in tables
        assert "alembic_version" in tables
        for table in tables:
            for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                allowed = _psql(
                    psql, runtime_str, "-c", f"SELECT has_table_privilege('{table}', '{privilege}')"
                ).stdout.strip()
                assert allowed == "t", (table, privilege)
        # Rows: written, changed, removed.
        _psql(
            psql,
            runtime_str,
            "-c",
            "INSERT INTO alembic_version VALUES ('runtime-test');"
            " UPDATE alembic_version SET version_num = 'runtime-test2'"
            " WHERE version_num = 'runtime-test';"
            " DELETE FROM alembic_version WHERE version_num = 'runtime-test2'",
        )
        # Tables: neither created, dropped, altered nor truncated.
        for statement in (
            "CREATE TABLE runtime_made (id int)",
            "DROP TABLE outbox",
            "ALTER TABLE outbox ADD COLUMN extra int",
            "TRUNCATE outbox",
        ):
            refused = _psql(psql, runtime_str, "-c", statement, check=False)
            assert refused.returncode != 0, statement
            assert "permission denied" in refused.stderr or "must be owner" in refused.stderr, (
                refused.stderr
            )
    finally:
        for role in (runtime, owner):
            _psql(
                psql,
                admin_url,
                "-c",
                f'ALTER DATABASE "{database}" OWNER TO CURRENT_USER;'
                f" REASSIGN OWNED BY {role} TO CURRENT_USER; DROP OWNED BY {role};"
                f" DROP ROLE {role}",
                check=False,
            )
