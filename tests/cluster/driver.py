"""The loopback cluster proof's driver (run by tests/cluster/run.sh, which starts PostgreSQL — a
primary and a streaming replica —, PgBouncer and Redis, and tears them down).

This starts three app servers (gunicorn, production settings) and two task workers against that
topology, runs the checks of issue 19, each able to fail, then 300 simulated people through
the three servers, and prints the figures docs/scale.md quotes. Exit status 0 only when every
check passed and the load saw zero errors. Loopback only; every loop is bounded in time.

Environment (set by run.sh): CLUSTER_PRIMARY_URL, CLUSTER_BOUNCER_URL, CLUSTER_REPLICA_URL,
CLUSTER_REDIS_URL, CLUSTER_REPLICA_STOP / CLUSTER_REPLICA_START and CLUSTER_BOUNCER_STOP /
CLUSTER_BOUNCER_START (shell commands), CLUSTER_WORK (a scratch directory). Knobs:
CLUSTER_PEOPLE (300), CLUSTER_SECONDS (60), CLUSTER_THINK (mean seconds between one person's
requests, 6), CLUSTER_PORTS ("8101,8102,8103").
"""

import collections
import http.client
import http.cookies
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.common import local_today, urge_post  # noqa: E402
from bench.server import environment  # noqa: E402

PYTHON = sys.executable
WORK = Path(os.environ.get("CLUSTER_WORK", "/tmp/tandem-cluster"))
PEOPLE = int(os.environ.get("CLUSTER_PEOPLE", "300"))
SECONDS = float(os.environ.get("CLUSTER_SECONDS", "60"))
THINK = float(os.environ.get("CLUSTER_THINK", "6"))
PORTS = [int(p) for p in os.environ.get("CLUSTER_PORTS", "8101,8102,8103").split(",")]
REMINDER_PEOPLE = int(os.environ.get("CLUSTER_REMINDER_PEOPLE", "300"))
LEASE = 5
MAX_LAG = 3  # TANDEM_REPLICA_MAX_LAG_SECONDS here: a replica paused this long is skipped
CHECK = 2  # TANDEM_REPLICA_CHECK_SECONDS
WORKER_LEASE = 6  # TANDEM_WORKER_LEASE_SECONDS: a worker silent this long is gone
REMINDED = r"^r[0-9]+@example\.test$"  # the people of check 6
PASSWORD = "correct horse battery staple"  # tests/support/world.py
results: list[tuple[str, bool, str]] = []


def say(text: str) -> None:
    print(text, flush=True)


def check(name: str, ok: bool, detail: str) -> None:
    results.append((name, ok, detail))
    say(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")


# --- processes ---------------------------------------------------------------------------------


def cluster_env() -> dict:
    env = environment(WORK / "var", database_url=os.environ["CLUSTER_BOUNCER_URL"])
    env.update(
        TANDEM_PGBOUNCER="1",
        DATABASE_REPLICA_URL=os.environ["CLUSTER_REPLICA_URL"],
        REDIS_URL=os.environ["CLUSTER_REDIS_URL"],
        TANDEM_REPLICA_PIN_SECONDS="5",
        TANDEM_REPLICA_CHECK_SECONDS=str(CHECK),
        TANDEM_REPLICA_MAX_LAG_SECONDS=str(MAX_LAG),
        TANDEM_WORKER_LEASE_SECONDS=str(WORKER_LEASE),
        TANDEM_TICK_SECONDS="1",
        TANDEM_REMINDER_SCAN_SECONDS="2",
        TANDEM_REMINDER_LEASE_SECONDS=str(LEASE),
        TANDEM_BASE_URL="https://tandem.example.org",
        LOG_LEVEL="WARNING",
    )
    env.pop("TANDEM_BENCH", None)
    return env


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr[-3000:]}")
    return done.stdout


def child(env: dict, *args: str) -> dict:
    """This file run with Django loaded (the seeding and counting parts below)."""
    done = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


class Proc:
    """A child in its own process group, its output in a log file (so a full pipe never blocks it)."""

    def __init__(self, name: str, command: list[str], env: dict):
        self.name, self.command, self.env = name, command, env
        self.log = WORK / f"{name}.log"
        self.process = None

    def start(self) -> "Proc":
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=handle, stderr=handle, start_new_session=True
        )
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def app_server(port: int, env: dict) -> Proc:
    command = [
        PYTHON, "-m", "gunicorn", "tandem.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning",
        "--timeout", "60", "--control-socket", str(WORK / f"gunicorn-{port}.ctl"),
    ]  # fmt: skip
    return Proc(f"app-{port}", command, env).start()


def worker(n: int, env: dict) -> Proc:
    command = [PYTHON, "manage.py", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", "-v0"]
    command += ["--worker-id", f"cluster-{n}"]  # fixed, as systemd's %H-%i: a restart reuses it
    return Proc(f"worker-{n}", command, env).start()


def wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if fetch(port, "GET", "/healthz/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the app server on {port} did not answer in {timeout}s")


# --- HTTP ----------------------------------------------------------------------------------------


def fetch(port: int, method: str, path: str, headers: dict | None = None, body: bytes | None = None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


class Browser:
    """One person's browser: keeps every cookie (Secure ones too: this is loopback http)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, data: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            body = urlencode({**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        status, response_headers, content = fetch(port, method, path, headers, body)
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                for morsel in http.cookies.SimpleCookie(value).values():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(morsel.key, None)
                    else:
                        self.cookies[morsel.key] = morsel.value
        return status, content.decode("utf-8", "replace")

    def login(self, port: int, email: str, password: str = PASSWORD, *, text: bool = False):
        self.request(port, "GET", "/account/login/")
        status, content = self.request(port, "POST", "/account/login/", {"login": email, "password": password})
        return (status, content) if text else status


# --- the checks ----------------------------------------------------------------------------------


def check_consent(a: int, b: int, seed: dict) -> None:
    owner, partner = Browser(), Browser()
    assert owner.login(a, seed["owner_email"]) == 302, "the owner could not sign in"
    assert partner.login(b, seed["partner_email"]) == 302, "the partner could not sign in"
    page = f"/shared/{seed['owner_id']}/"
    shown = 'id="scope-sobriety"'  # the sobriety panel of the person page (sharing/person.html)
    status, content = partner.request(b, "GET", page)
    before = status == 200 and shown in content
    revoked = owner.request(a, "POST", f"/privacy/grants/{seed['grant_id']}/revoke/")[0]
    status, content = partner.request(b, "GET", page)
    after = status == 200 and shown in content
    check(
        "1. consent revoked through A denies on B on the very next request",
        before and revoked == 302 and not after,
        f"partner sees sobriety on B before: {before}; owner's revoke on A: {revoked}; "
        f"partner sees it on B right after: {after} (page {status})",
    )


def check_read_your_writes(a: int, b: int, seed: dict) -> None:
    person = Browser()
    person.cookies.update(sid=seed["pin_sid"], csrftoken=seed["pin_csrf"])
    today = local_today()
    before = "checked in today" in person.request(b, "GET", "/today/")[1]
    data = {"stayed_out": "yes", "urge_level": "3", "meetings": "1", "calls": "1", "gratitude": "a quiet morning"}
    wrote = person.request(a, "POST", f"/checkin/{seed['pin_program']}/{today}/", data)[0]
    pinned = "tandem_primary" in person.cookies
    after = "checked in today" in person.request(b, "GET", "/today/")[1]
    label = f"Hall {uuid.uuid4().hex[:8]}"
    person.request(a, "POST", "/meetings/places/", {"label": label, "latitude": "41.88", "longitude": "-87.63"})
    in_finder = label in person.request(b, "GET", "/meetings/")[1]
    check(
        "2. a check-in written through A is on the dashboard through B at once",
        not before and wrote in (200, 302) and after and pinned and in_finder,
        f"before {before}, write {wrote}, pin cookie {pinned}, on B's dashboard {after}, "
        f"a place saved on A in B's finder (a lagging read, pinned) {in_finder}",
    )


def check_shared_throttle(seed: dict) -> None:
    email = seed["throttle_email"]
    answers = []
    for attempt in range(5):
        browser = Browser()
        answers.append(browser.login(PORTS[attempt % 3], email, "not the password"))
    right, content = Browser().login(PORTS[2], email, text=True)
    told = "Too many failed login attempts" in content
    check(
        "3. failed logins spread over A, B and C lock the account as one",
        all(a == 200 for a in answers) and right != 302 and told,
        f"5 wrong passwords (A,B,C,A,B): {answers}; then the right one on C: {right}, "
        f"'Too many failed login attempts' shown: {told} (302 would mean let in)",
    )


def check_kill_under_load(servers: dict, env: dict, seed: dict) -> None:
    people = seed["people"][:60]
    acked, errors, lock = [], collections.Counter(), threading.Lock()
    dead = set()
    stop_at = time.monotonic() + 12

    def run(person):
        while time.monotonic() < stop_at:
            label = f"k{uuid.uuid4().hex[:12]}"
            for port in random.sample(PORTS, 3):  # a proxy tries the next server when one is gone
                browser = Browser()
                browser.cookies.update(sid=person["sid"], csrftoken=person["csrf"])
                try:
                    status = browser.request(
                        port, "POST", "/meetings/places/", {"label": label, "latitude": "1", "longitude": "1"}
                    )[0]
                except OSError:
                    if port in dead:
                        continue
                    with lock:
                        errors["connection"] += 1
                    break
                with lock:
                    if status == 302:
                        acked.append(label)
                    else:
                        errors[status] += 1
                break
            time.sleep(random.uniform(0.2, 0.6))

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    for t in threads:
        t.start()
    time.sleep(4)
    dead.add(PORTS[2])
    servers[PORTS[2]].kill()
    for t in threads:
        t.join()
    answered = sum(1 for port in PORTS[:2] if fetch(port, "GET", "/healthz/")[0] == 200)
    present = child(env, "--labels-present", json.dumps(acked))["present"]
    check(
        "4. kill -9 of one app server under load: the others answer, every acknowledged write is there",
        answered == 2 and not errors and present == len(acked) and acked,
        f"{len(acked)} acknowledged writes, {present} present afterwards; errors {dict(errors)}; "
        f"A and B answering after the kill: {answered}/2",
    )
    servers[PORTS[2]] = app_server(PORTS[2], env)
    wait_healthy(PORTS[2])


def check_replica_down(seed: dict) -> None:
    person = Browser()
    person.cookies.update(sid=seed["people"][0]["sid"], csrftoken=seed["people"][0]["csrf"])
    subprocess.run(os.environ["CLUSTER_REPLICA_STOP"], shell=True, check=True)  # noqa: S602 - run.sh's own command
    try:
        answers = [person.request(port, "GET", "/meetings/?attendance=online")[0] for port in PORTS * 4]
    finally:
        subprocess.run(os.environ["CLUSTER_REPLICA_START"], shell=True, check=True)  # noqa: S602
    warned = sum("replica unreachable" in (WORK / f"app-{p}.log").read_text(errors="replace") for p in PORTS)
    check(
        "5. the replica stopped: lagging reads fall back to the primary with no error",
        all(a == 200 for a in answers) and warned >= 1,
        f"finder answers on A, B, C: {collections.Counter(answers)}; app servers that logged the warning: {warned}",
    )


def on_replica(sql: str):
    import psycopg

    with psycopg.connect(os.environ["CLUSTER_REPLICA_URL"], autocommit=True) as connection:
        return connection.execute(sql).fetchone()[0]


def places(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute("SELECT count(*) FROM fellowship_savedplace").fetchone()[0]


def check_replica_behind(env: dict, seed: dict) -> None:
    """Replay paused on the replica, a place saved on the primary: once the replica is more than
    MAX_LAG behind, the finder (a lagging read) shows the new place on every server — read from the
    primary, since the replica does not have it — and the replica is used again once caught up."""
    from tandem.core.db_router import LAG_SQL

    person = Browser()  # signed in, never wrote: not pinned to the primary
    person.cookies.update(sid=seed["people"][1]["sid"], csrftoken=seed["people"][1]["csrf"])
    label = f"Lag {uuid.uuid4().hex[:8]}"
    on_replica("SELECT pg_wal_replay_pause()")
    try:
        child(env, "--add-place", "1", label)
        deadline = time.monotonic() + 30
        while (on_replica(LAG_SQL) or 0) <= MAX_LAG and time.monotonic() < deadline:
            time.sleep(0.2)
        lag = float(on_replica(LAG_SQL) or 0)
        time.sleep(CHECK + 0.5)  # every process's kept answer has expired
        stale = places(os.environ["CLUSTER_REPLICA_URL"]) < places(os.environ["CLUSTER_PRIMARY_URL"])
        answers = [person.request(port, "GET", "/meetings/") for port in PORTS * 4]
    finally:
        on_replica("SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 30
    while float(on_replica(LAG_SQL) or 0) > 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(CHECK + 0.5)
    again = [person.request(port, "GET", "/meetings/")[0] for port in PORTS * 4]
    logs = [(WORK / f"app-{p}.log").read_text(errors="replace") for p in PORTS]
    warned = sum("replica behind the primary" in log for log in logs)
    back = sum("replica caught up" in log for log in logs)
    fresh = sum(1 for status, content in answers if status == 200 and label in content)
    check(
        "7. a replica far behind: lagging reads go to the primary, then back to the replica once caught up",
        stale and fresh == len(answers) and warned >= 1 and back >= 1 and all(a == 200 for a in again),
        f"replay paused, replica {lag:.1f} s behind (limit {MAX_LAG} s) and missing the new place: {stale}; "
        f"finder on A, B, C showing it: {fresh}/{len(answers)}; servers that logged 'behind': {warned}, "
        f"'caught up': {back}; after catching up: {collections.Counter(again)}",
    )


def check_bouncer_restart(seed: dict, workers: list) -> None:
    """PgBouncer stopped and started again under light load: requests in flight when it stops or
    made while it is away may fail (an error page; nothing acknowledged), every request after it is
    back succeeds (Django's connection health checks replace the broken persistent connections),
    and the workers live on (they wait and start again instead of exiting)."""
    people = seed["people"][:20]
    done, lock = [], threading.Lock()
    stop_at = time.monotonic() + 14
    marks = {}

    def run(index: int, person: dict):
        rng = random.Random(1000 + index)
        while time.monotonic() < stop_at:
            port = PORTS[rng.randrange(3)]
            headers = {"Cookie": f"sid={person['sid']}; csrftoken={person['csrf']}"}
            started = time.monotonic()
            try:
                status = fetch(port, "GET", "/today/", headers)[0]
            except OSError as error:
                status = type(error).__name__
            with lock:
                done.append((started, time.monotonic(), status))
            time.sleep(rng.uniform(0.1, 0.4))

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    time.sleep(3)
    marks["down"] = time.monotonic()
    subprocess.run(os.environ["CLUSTER_BOUNCER_STOP"], shell=True, check=True)  # noqa: S602 - run.sh's own command
    time.sleep(1)
    subprocess.run(os.environ["CLUSTER_BOUNCER_START"], shell=True, check=True)  # noqa: S602
    marks["up"] = time.monotonic()
    for t in threads:
        t.join()
    # In flight when it stopped, or made while it was away: these may fail (an error page).
    before = collections.Counter(s for _, end, s in done if end < marks["down"])
    away = collections.Counter(s for start, end, s in done if end >= marks["down"] and start < marks["up"])
    after = collections.Counter(s for start, _, s in done if start >= marks["up"])
    alive = sum(w.alive() for w in workers)
    waited = sum("The database did not answer" in w.log.read_text(errors="replace") for w in workers)
    check(
        "9. PgBouncer restarted under light load: every request after it is back succeeds, the workers live on",
        set(before) == {200} and set(after) == {200} and after[200] > 0 and alive == len(workers),
        f"before: {dict(before)}; in flight or made while it was away ({marks['up'] - marks['down']:.1f} s): "
        f"{dict(away)}; "
        f"after: {dict(after)}; workers alive: {alive}/{len(workers)} ({waited} waited for the database)",
    )


def check_reminders(env: dict, workers: list) -> None:
    from tandem.reminders.tests.smtp_sink import SMTPServer

    for w in workers:
        w.stop()
    with SMTPServer(keep_bodies=False) as smtp:
        mail_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"}
        workers[:] = [worker(1, mail_env), worker(2, mail_env)]
        time.sleep(5)
        started = time.monotonic()
        child(env, "--make-due")
        deadline = started + 180
        while len(set(smtp.sink.message_ids)) < REMINDER_PEOPLE // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        workers[0].kill()
        while len(set(smtp.sink.message_ids)) < REMINDER_PEOPLE and time.monotonic() < deadline:
            time.sleep(0.05)
        took = time.monotonic() - started
        time.sleep(2 * LEASE + 3)  # room for a late duplicate to show
        counts = collections.Counter(smtp.sink.message_ids)
        db = child(env, "--count")
        tasks = child(env, "--tasks")  # while worker 2 still runs the clock
        workers[1].stop()
    twice = sum(1 for c in counts.values() if c > 1)
    check(
        "6. reminders, workers on both hosts, one killed mid-run: each sent exactly once",
        # Every reminder once, by Message-ID. The one resend allowed is the documented window
        # (docs/reminders.md): a mail the SMTP server accepted an instant before the kill, before
        # its "sent" mark committed, goes again after the lease — with the same Message-ID.
        len(counts) == REMINDER_PEOPLE and twice <= 1 and db["sent"] == REMINDER_PEOPLE,
        f"{REMINDER_PEOPLE} due; {len(smtp.sink.message_ids)} received, {len(counts)} distinct Message-IDs, "
        f"{twice} resent with its Message-ID (the kill's in-flight mail); {db['sent']} marked sent; "
        f"{took:.1f} s with a worker killed at a third",
    )
    killed = tasks["running_by"].get("cluster-1", 0)
    check(
        "8. the killed worker's running tasks are taken over (no task left running for ever)",
        killed == 0,
        f"tasks still running under the killed worker's id {WORKER_LEASE + 10} s and more after the kill: {killed}; "
        f"taken over as lost: {tasks['lost']} ({tasks['lost_paths']}), periodic ones enqueued again",
    )


# --- the load --------------------------------------------------------------------------------------


def load(seed: dict) -> dict:
    people = seed["people"][:PEOPLE]
    latencies, errors, by_port, lock = [], collections.Counter(), collections.Counter(), threading.Lock()
    stop_at = time.monotonic() + SECONDS
    pages = [("GET", "/today/")] * 4 + [("GET", "/meetings/?attendance=online")] * 3 + [("GET", "/checkin/")] * 1

    def run(index: int, person: dict):
        rng = random.Random(index)
        time.sleep(rng.uniform(0, THINK))
        while time.monotonic() < stop_at:
            port = PORTS[rng.randrange(3)]
            if rng.random() < 0.2:
                method, path, headers, body = urge_post(person, "a walk instead")
            else:
                method, path = rng.choice(pages)
                headers, body = {"Cookie": f"sid={person['sid']}; csrftoken={person['csrf']}"}, None
            started = time.monotonic()
            try:
                status = fetch(port, method, path, headers, body)[0]
            except OSError as error:
                status = type(error).__name__
            took = time.monotonic() - started
            with lock:
                latencies.append(took)
                by_port[port] += 1
                if status not in (200, 302):
                    errors[status] += 1
            time.sleep(max(0.0, min(rng.uniform(0.5 * THINK, 1.5 * THINK), stop_at - time.monotonic())))

    replica_before = child_stats()
    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(people)]
    begun = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begun
    replica_after = child_stats()
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "people": len(people),
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "errors": dict(errors),
        "p50_ms": round(q[49] * 1000),
        "p95_ms": round(q[94] * 1000),
        "p99_ms": round(q[98] * 1000),
        "by_server": {str(k): v for k, v in sorted(by_port.items())},
        "replica_transactions": replica_after - replica_before,
    }


def child_stats() -> int:
    """Transactions the replica has served so far (pg_stat_database)."""
    import psycopg

    with psycopg.connect(os.environ["CLUSTER_REPLICA_URL"], autocommit=True) as connection:
        row = connection.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    return int(row[0])


def replication_lag() -> str:
    import psycopg

    with psycopg.connect(os.environ["CLUSTER_PRIMARY_URL"], autocommit=True) as connection:
        rows = connection.execute("SELECT state, replay_lag FROM pg_stat_replication").fetchall()
    return ", ".join(f"{state} (replay lag {lag or '0'})" for state, lag in rows) or "no replica connected"


# --- main ------------------------------------------------------------------------------------------


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    env = cluster_env()
    direct = {**env, "DATABASE_URL": os.environ["CLUSTER_PRIMARY_URL"], "TANDEM_PGBOUNCER": "0"}
    direct.pop("DATABASE_REPLICA_URL")
    say("migrate and collectstatic (straight to the primary)…")
    manage(direct, "migrate", "--noinput", "-v0")
    manage(direct, "collectstatic", "--noinput", "-v0")
    say(f"seeding {PEOPLE} people with sessions, the personas, {REMINDER_PEOPLE} people for reminders…")
    seed = child(direct, "--seed", str(PEOPLE), str(REMINDER_PEOPLE))
    say(f"replication: {replication_lag()}")
    servers = {port: app_server(port, env) for port in PORTS}
    workers = [worker(1, env), worker(2, env)]
    try:
        for port in PORTS:
            wait_healthy(port)
        say(f"app servers on {PORTS}, two workers; checks:")
        a, b, _c = PORTS
        steps = [
            lambda: check_consent(a, b, seed),
            lambda: check_read_your_writes(a, b, seed),
            lambda: check_shared_throttle(seed),
        ]
        for step in steps:
            try:
                step()
            except Exception as error:  # a check that breaks has failed; the others still run
                check(step.__name__, False, repr(error))
        say(f"load: {PEOPLE} people for {SECONDS:.0f} s through {len(PORTS)} servers (mean think {THINK} s)…")
        figures = load(seed)
        say("load: " + json.dumps(figures))
        check(
            f"load: {PEOPLE} simulated people, {SECONDS:.0f} s, three servers: zero errors",
            not figures["errors"] and figures["requests"] > 0,
            f"{figures['requests']} requests, {figures['per_second']}/s, errors {figures['errors']}, "
            f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, "
            f"{figures['replica_transactions']} transactions on the replica",
        )
        for step in (
            lambda: check_kill_under_load(servers, env, seed),
            lambda: check_replica_down(seed),
            lambda: check_replica_behind(env, seed),
            lambda: check_bouncer_restart(seed, workers),
            lambda: check_reminders(env, workers),
        ):
            try:
                step()
            except Exception as error:
                check("a check that broke", False, repr(error))
        say(f"replication at the end: {replication_lag()}")
    finally:
        for proc in [*servers.values(), *workers]:
            proc.stop()
    failed = [name for name, ok, _ in results if not ok]
    say(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


# --- the child's parts (Django loaded, straight to the primary) --------------------------------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    import django

    django.setup()


def seed(people: int, reminder_people: int) -> dict:
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.middleware.csrf import _get_new_csrf_string

    from bench.common import BENCH_ZONE
    from bench.setup_data import session_for
    from tandem.accounts.models import User
    from tandem.recovery.demo import build_history
    from tandem.reminders.models import Preferences
    from tandem.sharing.models import Grant
    from tests.support.world import build_world, make_user

    world = build_world()
    grant = Grant.objects.get(link=world.links["partner"], scope="sobriety", revoked_at__isnull=True)
    throttled = make_user("locked@example.test", "Casey", "client")
    pin = make_user("pin@example.test", "Morgan", "client", tz=BENCH_ZONE)
    pin_program = build_history(pin, 0, seed=1)
    crowd = []
    for index in range(people):
        user = User.objects.create_user(  # no password: they come with a session, and hashing costs
            email=f"load{index}@bench.test", password=None, display_name=f"Load {index}", time_zone=BENCH_ZONE
        )
        user.add_role("client")
        program = build_history(user, 1, seed=index)
        crowd.append({"sid": session_for(user), "csrf": _get_new_csrf_string(), "program": program.pk})
    password = make_password(None)
    User.objects.bulk_create(
        [
            User(email=f"r{i}@example.test", display_name=f"R{i}", time_zone="UTC", password=password)
            for i in range(reminder_people)
        ]
    )
    minute = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0).time()
    owners = User.objects.filter(email__regex=REMINDED).values_list("pk", flat=True)
    Preferences.objects.bulk_create([Preferences(owner_id=pk, daily_time=minute, checkin_email=False) for pk in owners])
    return {
        "owner_email": world.owner.email,
        "owner_id": world.owner.pk,
        "partner_email": world.partner.email,
        "grant_id": grant.pk,
        "throttle_email": throttled.email,
        "pin_sid": session_for(pin),
        "pin_csrf": _get_new_csrf_string(),
        "pin_program": pin_program.pk,
        "people": crowd,
    }


def child_main(args: list[str]) -> dict:
    _django()
    if args[0] == "--seed":
        return seed(int(args[1]), int(args[2]))
    if args[0] == "--labels-present":
        from tandem.fellowship.models import SavedPlace

        labels = set(json.loads(args[1]))  # encrypted at rest: compared here, not in SQL
        return {"present": len(labels & {place.label for place in SavedPlace.objects.all()})}
    if args[0] == "--make-due":
        from tandem.reminders.models import Preferences

        return {"due": Preferences.objects.filter(owner__email__regex=REMINDED).update(checkin_email=True)}
    if args[0] == "--add-place":
        from tandem.accounts.models import User
        from tandem.fellowship.models import SavedPlace

        owner = User.objects.get(email=f"load{args[1]}@bench.test")
        return {"id": SavedPlace.objects.create(owner=owner, label=args[2], coordinates=[41.88, -87.63]).pk}
    if args[0] == "--tasks":
        from django_tasks_db.models import DBTaskResult

        from tandem.reminders.periodic import LOST

        running = collections.Counter(
            (ids or [""])[-1] for ids in DBTaskResult.objects.running().values_list("worker_ids", flat=True)
        )
        lost = DBTaskResult.objects.filter(exception_class_path=LOST)
        return {
            "running_by": dict(running),
            "lost": lost.count(),
            "lost_paths": sorted({path.rsplit(".", 1)[-1] for path in lost.values_list("task_path", flat=True)}),
        }
    if args[0] == "--count":
        from tandem.reminders.models import Delivery, Status

        return {"sent": Delivery.objects.filter(status=Status.SENT).count()}
    raise SystemExit(f"unknown {args[0]}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--"):
        print(json.dumps(child_main(sys.argv[1:])))
    else:
        sys.exit(main())
