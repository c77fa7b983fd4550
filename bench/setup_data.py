"""Prepare a benchmark database (run as a child process with the server's environment).

    python bench/setup_data.py USERS DAYS  ->  prints JSON: [{"email", "sid", "csrf", "program"}...]

Creates USERS clients, each with DAYS of generated history (tandem.recovery.demo.build_history), and a
signed-in session for each, so the load generator can act as real people.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402

from bench.common import BENCH_ZONE  # noqa: E402
from tandem.recovery.demo import build_history  # noqa: E402
from tests.support.world import make_user  # noqa: E402


def session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main(count: int, days: int, prefix: str) -> None:
    call_command("migrate", verbosity=0)
    people = []
    for index in range(count):
        user = make_user(f"{prefix}{index}@bench.test", f"Bench {index}", "client", tz=BENCH_ZONE)
        program = build_history(user, days, seed=index)
        people.append(
            {"email": user.email, "sid": session_for(user), "csrf": _get_new_csrf_string(), "program": program.pk}
        )
    print(json.dumps(people))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "client")
