"""Deployment checks for backups: `manage.py backup` of a PostgreSQL database runs pg_dump.

Only with --deploy, and a warning: development never needs a backup, and pg_dump is looked
for again (with the same words) when a backup or restore runs.
"""

from django.core import checks
from django.db import connections

from . import backup


@checks.register(deploy=True)
def backup_tools(app_configs, **kwargs):
    if not connections["default"].settings_dict["ENGINE"].endswith("postgresql"):
        return []
    missing = backup.missing_pg_tools()
    if not missing:
        return []
    return [
        checks.Warning(
            f"Backups of this PostgreSQL database need {' and '.join(missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not installed "
            f"(Debian/Ubuntu: apt-get install {backup.PG_CLIENT_PACKAGE}).",
            id="tandem.W002",
        )
    ]
