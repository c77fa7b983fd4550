"""Every chart draws the same wherever it appears: the computed fill of each chart's shapes on
Today, the on-screen report and the therapist's client page is never all black, and the colours
on each page come from one palette."""

import datetime

import pytest
from django.utils import timezone

from tandem.accounts.models import Practice
from tandem.core import palette
from tests.support.world import link, make_user

from .conftest import check_page, login

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.timedelta(days=1)
BLACK = "rgb(0, 0, 0)"


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


PALETTE = {_rgb(v) for k, v in vars(palette).items() if k.isupper() and isinstance(v, str) and v.startswith("#")}

FILLS = """() => [...document.querySelectorAll('main svg.chart')].map(svg => ({
  id: svg.getAttribute('aria-labelledby'),
  fills: [...svg.querySelectorAll('rect:not(.chart-key)')].map(r => getComputedStyle(r).fill)
                                                           .filter(f => f !== 'none'),
  labels: [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height),
}))"""


def _client_with_history():
    from tandem.recovery import services

    practice = Practice.objects.create(name="Harbour Counselling")
    lee = make_user("lee@example.test", "Dr Lee", "therapist", practice=practice, mfa=True)
    robin = make_user("robin@example.test", "Robin", "client")
    made = link(robin, lee, "therapist")
    made.practice = practice
    made.save(update_fields=["practice"])
    today = robin.local_today()
    services.ensure_profile(robin, started_on=today - 30 * D)
    program = services.create_program(robin, kind="sex", fellowship="saa", sobriety_date=today - 30 * D)
    for n, level in enumerate((2, 5, 9, 3, 7, 1)):
        day = today - (n + 1) * D
        services.save_checkin(
            robin, program, day, stayed_out=True, urge_level=level, items=[], triggers=[], feelings=[],
            meetings=0, calls=0, gratitude="", note="",
        )  # fmt: skip
    now = timezone.now()
    for hours in (3, 27, 28, 50, 75, 100):
        services.log_urge(robin, occurred_at=now - datetime.timedelta(hours=hours), intensity=6, program=program)
    services.log_slip(robin, program, now - 3 * D, behaviour=None)
    return lee, robin


def _sample(page) -> list[dict]:
    charts = page.evaluate(FILLS)
    assert charts, f"no chart on {page.url}"
    assert all(chart["fills"] for chart in charts if "triggers" not in chart["id"])  # none ticked here
    for chart in (c for c in charts if c["fills"]):
        assert set(chart["fills"]) != {BLACK}, f"{chart['id']} on {page.url} is all black"
        assert set(chart["fills"]) <= PALETTE, (chart["id"], page.url, set(chart["fills"]) - PALETTE)
    return charts


def test_every_chart_draws_with_the_one_palette_on_every_page(phone_page, page, site):
    lee, robin = _client_with_history()
    today = robin.local_today()

    login(phone_page, site, robin)
    phone_page.goto(f"{site}/today/")
    check_page(phone_page)
    seen = {"today": _sample(phone_page)}
    for chart in seen["today"]:
        assert min(chart["labels"], default=12) >= 12, chart["id"]  # labels stay readable on a 390 px phone
    query = f"start={today - 60 * D}&end={today}&sections=checkins&sections=urges&go=1"
    phone_page.goto(f"{site}/reports/progress/?{query}")
    check_page(phone_page)
    seen["report"] = _sample(phone_page)

    login(page, site, lee)
    page.goto(f"{site}/caseload/clients/{robin.pk}/")
    check_page(page)
    seen["therapist"] = _sample(page)

    palettes = {name: set().union(*(set(c["fills"]) for c in charts)) for name, charts in seen.items()}
    # the urge bars and the heatmap share their colours wherever they are drawn
    assert palettes["report"] <= palettes["today"]
    assert palettes["therapist"] <= palettes["today"]
    assert len(palettes["therapist"]) >= 2
