"""The partner's own room: home, check-ins, weekly ratings and their chart, reading, and exactly
what the client shares (and what not)."""

import datetime

from django.conf import settings
from django.urls import reverse

from tandem.couple.models import PartnerCheckIn, TrustRating
from tandem.sharing import services as sharing
from tandem.sharing.models import Grant
from tests.support.world import link, page_text


def test_the_room_is_the_partners_own(world):
    body = page_text(world.client_for("partner").get(reverse("partner_home")))
    assert "Your room" in body
    assert settings.TANDEM_DV_TEXT in body
    assert "Sobriety summary" in body  # exactly what Robin grants...
    shared, _, not_shared = body.partition("Not shared with you")
    assert "Daily check-ins" not in shared
    assert "Daily check-ins" in not_shared
    assert "COSA" in body
    assert "S-Anon" in body
    assert "Invite your own therapist" in body
    for persona in ("owner", "therapist", "sponsor", "other_client"):
        assert world.client_for(persona).get(reverse("partner_home")).status_code == 403


def test_the_home_page_shows_the_room_and_domestic_violence_help(world):
    body = page_text(world.client_for("partner").get(reverse("home")))
    assert "Your room" in body
    assert settings.TANDEM_DV_TEXT in body
    assert settings.TANDEM_DV_TEXT not in page_text(world.client_for("owner").get(reverse("home")))


def test_when_nothing_is_shared_the_room_says_so(world):
    world.revoke_all()
    body = page_text(world.client_for("partner").get(reverse("partner_home")))
    assert "Robin isn't sharing anything with you right now" in body


def test_checkins_are_private_and_one_a_day(world):
    client = world.client_for("partner")
    data = {"feelings": ["hurt", "numb"], "safety": "3", "triggers": ["date"], "self_care": ["talked"], "note": "NOTE1"}
    client.post(reverse("partner_checkin"), data)
    client.post(reverse("partner_checkin"), {**data, "safety": "5", "note": "NOTE2"})
    checkin = PartnerCheckIn.objects.get()
    assert checkin.safety == 5
    assert checkin.note == "NOTE2"
    assert checkin.feelings == ["hurt", "numb"]
    history = page_text(client.get(reverse("partner_checkins")))
    assert "Hurt, Numb" in history
    assert "NOTE2" in history
    assert "A date or anniversary" in history
    bad = client.post(reverse("partner_checkin"), {"safety": "11"})
    assert "0 to 10" in page_text(bad)
    for persona in ("owner", "therapist"):
        assert "NOTE2" not in page_text(world.client_for(persona).get(f"/shared/{world.partner.pk}/"))


def test_weekly_ratings_chart_and_sharing_the_trend_with_ones_own_therapist(world):
    sam = world.client_for("partner")
    sam.post(reverse("trust_ratings"), {"safety": "2", "trust": "1", "note": "RATINGNOTE"})
    rating = TrustRating.objects.get()
    monday = world.partner.local_today() - datetime.timedelta(days=world.partner.local_today().weekday())
    assert rating.week_of == monday
    TrustRating.objects.create(owner=world.partner, week_of=monday - datetime.timedelta(weeks=3), safety=1, trust=0)
    page = page_text(sam.get(reverse("trust_ratings")))
    assert "<svg" in page
    assert "Latest: safety 2 and trust 1" in page
    # Share the trend (numbers only) with Sam's own therapist, Dr Kim.
    kim_link = link(world.partner, world.other_therapist, "therapist", scopes=[])
    assert "Share the trend with Dr Kim" in page_text(sam.get(reverse("trust_ratings")))
    sam.post(reverse("trust_share", args=[kim_link.pk]), {"share": "on"})
    assert Grant.objects.active().filter(link=kim_link, scope="trust").exists()
    kim_sees = page_text(world.client_for("other_therapist").get(f"/shared/{world.partner.pk}/"))
    assert "Safety and trust ratings" in kim_sees
    assert "safety 2" in kim_sees
    assert "RATINGNOTE" not in kim_sees
    # Robin (the other partner) sees none of it.
    assert world.client_for("owner").get(f"/shared/{world.partner.pk}/").status_code == 404
    sam.post(reverse("trust_share", args=[kim_link.pk]))
    assert not Grant.objects.active().filter(link=kim_link, scope="trust").exists()
    assert "safety 2" not in page_text(world.client_for("other_therapist").get(f"/shared/{world.partner.pk}/"))
    # Someone else's link: 404.
    assert sam.post(reverse("trust_share", args=[world.links["therapist"].pk])).status_code == 404


def test_reading_pages(world):
    client = world.client_for("partner")
    assert "When trust is broken" in page_text(client.get(reverse("partner_reading")))
    body = page_text(client.get(reverse("partner_reading_page", args=["two-ways-of-seeing-it"])))
    assert "co-dependence" in body
    assert "not your fault" in page_text(client.get(reverse("partner_reading_page", args=["when-trust-is-broken"])))
    assert client.get("/partner/reading/nothing-here/").status_code == 404


def test_the_partners_therapist_link_shows_in_the_room(world):
    link(world.partner, world.other_therapist, "therapist", scopes=[])
    body = page_text(world.client_for("partner").get(reverse("partner_home")))
    assert "Dr Kim" in body
    sharing.end_link(world.links["partner"], world.partner)
    body = page_text(world.client_for("partner").get(reverse("partner_home")))
    assert "What Robin shares" not in body
