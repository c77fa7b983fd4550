"""Reminders at scale: 10,000 due in the same minute, two worker processes, a local SMTP sink.

    .venv/bin/python bench/bench_reminders.py

1. Floor, in one process: render and send the same 10,000 mails in one loop over one SMTP
   connection (content.message_for + channels.email, as the workers do), nothing else.
2. Two workers (`manage.py worker`, production settings, SQLite with synchronous=FULL or
   DATABASE_URL) find the 10,000 reminders on the queue's periodic scan, claim them and send
   them. Timed from the moment they are made due until the sink holds 10,000 distinct
   Message-IDs. Target: workers / floor <= 2, and exactly once (no Message-ID twice, none missing).
3. The same again with one worker killed (SIGKILL) once the sink holds 3,000: its claimed
   reminders are taken over when their lease ends (3 s here), and the sink still holds each
   Message-ID once. The window that remains (a mail accepted an instant before the kill, before
   its "sent" mark) would show as a duplicate; the line prints how many there were.

The SMTP sink is aiosmtpd in this process (tandem/reminders/tests/smtp_sink.py).
"""

import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import PYTHON, ROOT, environment, manage

PEOPLE = int(os.environ.get("BENCH_REMINDERS", "10000"))
LEASE = 3
KILL_AT = min(3000, PEOPLE * 3 // 10)


def child(args: list[str], env: dict) -> dict:
    result = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_for(sink, count: int, timeout: float) -> float:
    started = time.monotonic()
    while len(set(sink.message_ids)) < count:
        if time.monotonic() - started > timeout:
            break
        time.sleep(0.01)
    return time.monotonic()


def workers(env: dict, n: int = 2) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [PYTHON, "manage.py", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", "-v0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(n)
    ]


def stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def one_run(env: dict, sink, *, kill: bool) -> dict:
    child(["--reset"], env)
    sink.message_ids.clear()
    processes = workers(env)
    time.sleep(4)  # both workers up and idle (Django loaded, the clock ticking)
    started = time.monotonic()
    child(["--make-due"], env)
    killed = False
    if kill:
        wait_for(sink, KILL_AT, 300)
        processes[0].send_signal(signal.SIGKILL)
        killed = True
    finished = wait_for(sink, PEOPLE, 600)
    time.sleep(2 * LEASE + 2)  # room for a late duplicate to show
    stop(processes)
    counts = collections.Counter(sink.message_ids)
    db = child(["--count"], env)
    return {
        "seconds": finished - started,
        "received": len(sink.message_ids),
        "distinct": len(counts),
        "twice": sum(1 for c in counts.values() if c > 1),
        "killed": killed,
        **db,
    }


def run(server_url: str | None = None) -> list[str]:
    from tandem.reminders.tests.smtp_sink import SMTPServer

    with tempfile.TemporaryDirectory(prefix="tandem-bench-reminders-") as tmp, SMTPServer(keep_bodies=False) as smtp:
        env = environment(Path(tmp))
        env.update(
            EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
            TANDEM_TICK_SECONDS="1",
            TANDEM_REMINDER_SCAN_SECONDS="2",
            TANDEM_REMINDER_LEASE_SECONDS=str(LEASE),
            TANDEM_BASE_URL="https://tandem.example.org",
            LOG_LEVEL="ERROR",
        )
        manage(env, "migrate", "--noinput", "-v0")
        child(["--people", str(PEOPLE)], env)
        floor = child(["--floor"], env)["seconds"]
        assert len(set(smtp.sink.message_ids)) == PEOPLE, "the floor did not send every mail"
        plain = one_run(env, smtp.sink, kill=False)
        killed = one_run(env, smtp.sink, kill=True)
    lines = [f"reminders floor: render + send {PEOPLE:,} mails in one loop: {floor:.2f} s"]
    for name, result in (("two workers", plain), ("two workers, one killed mid-run", killed)):
        lines.append(
            f"reminders, {name}: {result['seconds']:.2f} s; {result['received']:,} received, "
            f"{result['distinct']:,} distinct Message-IDs, {result['twice']} twice; "
            f"{result['sent']:,} marked sent, {result['other']} not sent"
        )
    lines.append(f"{'reminders: two workers / floor':<58} {plain['seconds'] / floor:>10.2f}   target <= 2")
    lines.append(f"{'reminders: one killed / floor':<58} {killed['seconds'] / floor:>10.2f}   (lease {LEASE} s)")
    exact = all(r["distinct"] == PEOPLE and r["twice"] == 0 and r["sent"] == PEOPLE for r in (plain, killed))
    lines.append(f"{'reminders exactly once (both runs)':<58} {'yes' if exact else 'NO':>10}   target yes")
    return lines


# --- the child process's parts (Django loaded with the workers' settings) ----------------------


def _django():
    import django

    django.setup()


def make_people(count: int) -> dict:
    import datetime

    from django.contrib.auth.hashers import make_password

    from tandem.accounts.models import User
    from tandem.reminders.models import Preferences

    password = make_password(None)
    User.objects.bulk_create(
        [
            User(email=f"r{i}@example.test", display_name=f"R{i}", time_zone="UTC", password=password)
            for i in range(count)
        ],
        batch_size=1000,
    )
    minute = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0).time()
    users = User.objects.filter(email__endswith="@example.test").values_list("pk", flat=True)
    Preferences.objects.bulk_create(
        [Preferences(owner_id=pk, daily_time=minute, checkin_email=False) for pk in users], batch_size=1000
    )
    return {"people": len(users)}


def make_due() -> dict:
    from tandem.reminders.models import Preferences

    return {"due": Preferences.objects.update(checkin_email=True)}


def reset() -> dict:
    from tandem.reminders.models import Delivery, Preferences

    Preferences.objects.update(checkin_email=False)
    return {"deleted": Delivery.objects.all().delete()[0]}


def floor() -> dict:
    import datetime

    from django.core.mail import get_connection

    from tandem.accounts.models import User
    from tandem.reminders import channels, content
    from tandem.reminders.models import Delivery, Kind, Preferences

    now = datetime.datetime.now(datetime.UTC)
    people = list(User.objects.filter(email__endswith="@example.test"))
    prefs = {p.owner_id: p for p in Preferences.objects.all()}
    rows = [
        Delivery(pk=10_000_000 + i, owner=u, kind=Kind.CHECKIN, due_at=now, stale_at=now) for i, u in enumerate(people)
    ]
    started = time.monotonic()
    connection = get_connection()
    connection.open()  # one SMTP session, as each worker's batch has
    for row in rows:
        channels.email(row, content.message_for(row, prefs[row.owner_id]), connection)
    connection.close()
    return {"seconds": time.monotonic() - started}


def count() -> dict:
    from tandem.reminders.models import Delivery, Status

    sent = Delivery.objects.filter(status=Status.SENT).count()
    return {"sent": sent, "other": Delivery.objects.exclude(status=Status.SENT).count()}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("--"):
        _django()
        action = sys.argv[1]
        result = {
            "--people": lambda: make_people(int(sys.argv[2])),
            "--make-due": make_due,
            "--reset": reset,
            "--floor": floor,
            "--count": count,
        }[action]()
        print(json.dumps(result))
        return
    for text in run():
        print(text, flush=True)


if __name__ == "__main__":
    main()
