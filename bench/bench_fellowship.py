"""Meeting feeds at scale: importing 100,000 meetings, and the finder over them.

    .venv/bin/python bench/bench_fellowship.py

1. Import of a generated 100,000-meeting Meeting Guide feed (tandem.fellowship.importer: read,
   check every entry, derive attendance, hash, upsert, retire) against a floor measured in the
   same run: parse the same file and insert the same rows with one bulk insert, no checks.
   Target: import / floor <= 3.
2. The finder (day + time window + type + 25 km radius, first page of results, through
   tandem.fellowship.finder as the page calls it) against the same query written as one raw SQL
   statement on the same indexes. Target: finder / raw SQL <= 2.

Runs in a child process on a throw-away SQLite database (migrated from scratch), the timed
pairs interleaved so both sides see the same machine conditions; medians are reported. About a
minute and a half on two idle cores. Both sides share one SQLite connection with synchronous=OFF
and secure_delete=OFF, so the disk's fsync doesn't drown the code being measured.
`run(server_url)` accepts the common bench signature; it always measures in process.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEETINGS = 100_000
IMPORT_ROUNDS = 2
QUERY_ROUNDS = 40


def run(server_url: str | None = None) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from bench.common import throwaway_database  # PostgreSQL when DATABASE_URL is

    with (
        tempfile.TemporaryDirectory(prefix="tandem-bench-fellowship-") as tmp,
        throwaway_database("tandem_bench_fellowship") as postgres,
    ):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tandem.settings_test",
            TANDEM_ENV="development",
            TANDEM_VAR_DIR=tmp,
            DATABASE_URL=postgres or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            PYTHONPATH=str(ROOT),
        )
        env.pop("TANDEM_ENCRYPTION_KEYS", None)
        result = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", tmp],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
    if result.returncode != 0:
        return [f"fellowship bench failed: {result.stderr.strip()[-2000:]}"]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    imp, floor = statistics.median(data["import"]), statistics.median(data["floor"])
    found, raw = statistics.median(data["finder"]), statistics.median(data["raw"])
    lines = [
        f"meeting import of {MEETINGS:,} meetings ({data['megabytes']:.0f} MB JSON): {imp:.2f} s "
        f"(median of {IMPORT_ROUNDS}); floor (parse + one bulk insert): {floor:.2f} s",
        f"meeting import / floor: {imp / floor:.1f} (target <= 3)",
        f"re-import of the same file (nothing changes): {statistics.median(data['reimport']):.2f} s",
        f"finder query (day + time window + type + 25 km), {data['rows']} results of {MEETINGS:,}: "
        f"{found * 1000:.2f} ms (median of {QUERY_ROUNDS}); one raw SQL statement: {raw * 1000:.2f} ms",
        f"meeting finder / raw SQL: {found / raw:.1f} (target <= 2)",
        f"finder plan: {data['plan']}",
    ]
    if server_url:
        lines.append("(measured in process; the server at the given URL was not used)")
    return lines


CENTERS = [
    (40.7128, -74.0060),
    (34.0522, -118.2437),
    (41.8781, -87.6298),
    (29.7604, -95.3698),
    (33.4484, -112.0740),
    (39.9526, -75.1652),
    (32.7157, -117.1611),
    (30.2672, -97.7431),
    (47.6062, -122.3321),
    (39.7392, -104.9903),
]
TYPES = ["O", "C", "D", "ST", "SP", "B", "W", "M", "X", "BE", "LIT", "TR"]


def generate(path: Path, count: int) -> None:
    import random

    rng = random.Random(42)
    meetings = []
    for i in range(count):
        lat0, lng0 = CENTERS[i % len(CENTERS)]
        online = rng.random() < 0.2
        types = sorted({"O" if rng.random() < 0.6 else "C", *rng.sample(TYPES[2:], rng.randint(0, 3))})
        if online:
            types.append("ONL")
        start = rng.randrange(6 * 60, 22 * 60, 15)
        meeting = {
            "slug": f"meeting-{i}",
            "name": f"{rng.choice(['Hope', 'Freedom', 'Serenity', 'New Life', 'Courage', 'Open Door'])} Group {i}",
            "day": rng.randrange(7),
            "time": f"{start // 60:02d}:{start % 60:02d}",
            "end_time": f"{(start + 60) // 60 % 24:02d}:{start % 60:02d}",
            "types": types,
            "location": f"Community Hall {i % 997}",
            "formatted_address": f"{i % 9999} Main St, Springfield, ST {10000 + i % 89999}, USA",
            "latitude": round(lat0 + rng.gauss(0, 0.25), 6),
            "longitude": round(lng0 + rng.gauss(0, 0.3), 6),
            "approximate": "no",
            "notes": "Side door; meeting room downstairs." if rng.random() < 0.3 else "",
            "region": "Downtown",
            "updated": "2024-01-01 00:00:00",
        }
        if online:
            meeting["conference_url"] = f"https://zoom.us/j/{1000000000 + i}"
            meeting["conference_phone"] = "+16465588656,,1234567890#"
        meetings.append(meeting)
    path.write_text(json.dumps(meetings))


def _child(tmp: str) -> None:
    import datetime
    import time
    import zoneinfo

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        # Both sides run on this one connection: measure the code, not the disk's fsync.
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA secure_delete=OFF")
        else:
            cursor.execute("SET synchronous_commit = off")

    from tandem.fellowship import finder, importer
    from tandem.fellowship.models import Feed, Meeting

    path = Path(tmp) / "feed.json"
    generate(path, MEETINGS)
    raw = path.read_bytes()
    limit = len(raw) + 1
    feed = Feed.objects.create(name="Bench", program="SAA", default_time_zone="America/New_York")

    def clear() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM fellowship_meeting")

    def floor() -> float:
        started = time.perf_counter()
        entries = json.loads(raw)
        rows = [
            Meeting(
                feed_id=feed.pk,
                program="SAA",
                slug=e["slug"],
                name=e["name"],
                day=e["day"],
                time=e["time"],
                end_time=e["end_time"],
                time_zone="America/New_York",
                types=e["types"],
                type_codes="|" + "|".join(e["types"]) + "|",
                attendance="in_person",
                is_in_person=True,
                is_online="conference_url" in e,
                latitude=e["latitude"],
                longitude=e["longitude"],
                location=e["location"],
                formatted_address=e["formatted_address"],
                notes=e["notes"],
                conference_url=e.get("conference_url", ""),
                conference_phone=e.get("conference_phone", ""),
                region=e["region"],
                content_hash="",
            )
            for e in entries
        ]
        with transaction.atomic():
            Meeting.objects.bulk_create(rows, batch_size=2000)
        return time.perf_counter() - started

    def full_import() -> float:
        started = time.perf_counter()
        run = importer.import_bytes(feed, raw, name="feed.json", limit=limit)
        elapsed = time.perf_counter() - started
        assert run.created == MEETINGS, (run.created, run.rejections[:3])
        assert not run.rejections, (run.created, run.rejections[:3])
        return elapsed

    times: dict[str, list] = {"import": [], "floor": [], "reimport": [], "finder": [], "raw": []}
    for _ in range(IMPORT_ROUNDS):  # floor, import, floor, import: the table ends up imported
        for step in ("floor", "import"):
            clear()
            times[step].append(floor() if step == "floor" else full_import())
    for _ in range(1):
        started = time.perf_counter()
        run = importer.import_bytes(feed, raw, limit=limit)
        times["reimport"].append(time.perf_counter() - started)
        assert run.unchanged == MEETINGS
        assert run.created == run.updated == 0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    zone = zoneinfo.ZoneInfo("America/New_York")
    today = datetime.date(2026, 1, 10)
    lat, lng = CENTERS[0]
    search = finder.Search(
        day=1,
        time_from=datetime.time(18),
        time_to=datetime.time(21),
        type_code="O",
        latitude=lat,
        longitude=lng,
        radius_km=25,
    )

    def orm_page():
        return list(finder.find(search, viewer_zone=zone, today=today)[:25])

    south, north, west, east = finder.bounding_box(lat, lng, 25)
    ky, kx = finder.distance_scales(lat)
    sql = (
        "SELECT * FROM (SELECT m.*, "
        "((m.latitude - %s) * %s) * ((m.latitude - %s) * %s) + ((m.longitude - %s) * %s) * ((m.longitude - %s) * %s)"
        " AS distance_sq FROM fellowship_meeting m"
        " WHERE m.retired_at IS NULL AND m.attendance <> 'inactive' AND m.type_codes LIKE %s"
        " AND m.day = %s AND m.time >= %s AND m.time <= %s AND m.is_in_person"
        " AND m.latitude >= %s AND m.latitude <= %s AND m.longitude >= %s AND m.longitude <= %s) AS near"
        " WHERE distance_sq <= %s ORDER BY distance_sq, day, time, id LIMIT 25"
    )
    params = [lat, ky, lat, ky, lng, kx, lng, kx, "%|O|%", 1, "18:00:00", "21:00:00", south, north, west, east, 625.0]

    def raw_page():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    orm_rows, raw_rows = orm_page(), raw_page()
    assert [m.pk for m in orm_rows] == [r[0] for r in raw_rows], (len(orm_rows), len(raw_rows))
    assert orm_rows, (len(orm_rows), len(raw_rows))
    for i in range(QUERY_ROUNDS):
        for step in ("finder", "raw") if i % 2 == 0 else ("raw", "finder"):
            started = time.perf_counter()
            orm_page() if step == "finder" else raw_page()
            times[step].append(time.perf_counter() - started)
    queryset = finder.find(search, viewer_zone=zone, today=today)[:25]
    explained = queryset.explain().splitlines()
    plan = " | ".join(row.split("|")[-1].strip() for row in explained if "SEARCH" in row)  # SQLite
    plan = plan or " | ".join(row.split("(cost")[0].strip(" ->") for row in explained if "Scan" in row)  # PostgreSQL
    times.update(megabytes=len(raw) / 1e6, rows=len(orm_rows), plan=plan or queryset.explain())
    print(json.dumps(times))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child(sys.argv[sys.argv.index("--child") + 1])
    else:
        for line in run():
            print(line)
