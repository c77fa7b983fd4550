"""Run in a subprocess by tests: seeds one marker per registered scope into a real database
file, then (with the connection still open, so the WAL is still there) prints a JSON line with
the markers and the database's file paths."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings_test")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tests.support.markers import seeders  # noqa: E402
from tests.support.world import build_world  # noqa: E402

call_command("migrate", verbosity=0)
world = build_world()
markers = []
for index, (scope, seed) in enumerate(seeders()):
    marker = f"PLAINTEXTMARKER{index:03d}{scope.upper()}"
    seed(world.owner, marker)
    markers.append(marker)
if len(sys.argv) > 1:
    from tandem.sharing.backup import backup

    backup(sys.argv[1])
with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
print(json.dumps({"markers": markers, "name": str(connection.settings_dict["NAME"])}))
sys.stdout.flush()
# Leave without closing cleanly so the WAL file is still on disk for the caller to read.
os._exit(0)
