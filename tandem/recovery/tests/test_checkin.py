"""The daily check-in: validation, one per program per day, edits, late fill-ins, and the gentle path to a slip."""

import datetime

from django.urls import reverse

from tandem.recovery import services
from tandem.recovery.models import CheckIn, CheckInItem, CheckInTrigger

D = datetime.timedelta(days=1)


def form_data(program, **overrides):
    version = services.current_circles(program)
    middle = [str(i.pk) for i in version.items.all() if i.circle == "middle"]
    outer = [str(i.pk) for i in version.items.all() if i.circle == "outer"]
    data = {
        "stayed_out": "yes",
        "middle": middle[:1],
        "urge_level": "4",
        "triggers": [str(t.pk) for t in services.triggers_of(program.owner)[:2]],
        "feelings": ["calm", "tired"],
        "outer": outer,
        "meetings": "1",
        "calls": "2",
        "gratitude": "Coffee with a friend",
        "note": "A steady day.",
    }
    data.update(overrides)
    return data


def test_a_check_in_is_saved_for_the_local_day(owner_client, owner, program):
    response = owner_client.post(reverse("checkin") + f"?program={program.pk}", form_data(program))
    assert response.status_code == 302
    assert response["Location"] == reverse("recovery_dashboard")
    entry = CheckIn.objects.get(owner=owner)
    assert entry.local_date == owner.local_today()
    assert entry.urge_level == 4
    assert entry.stayed_out
    assert not entry.filled_late
    assert entry.note == "A steady day."
    assert entry.feelings == ["calm", "tired"]
    assert CheckInItem.objects.filter(checkin=entry).count() == 2  # one middle, one outer
    assert CheckInTrigger.objects.filter(checkin=entry).count() == 2
    assert entry.circle_set == services.current_circles(program)


def test_the_note_is_encrypted_at_rest(owner, program):
    from django.db import connection

    entry, _ = services.save_checkin(
        owner,
        program,
        owner.local_today(),
        stayed_out=True,
        urge_level=1,
        items=[],
        triggers=[],
        feelings=["calm"],
        meetings=0,
        calls=0,
        gratitude="grateful-marker",
        note="note-marker",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT note, gratitude, feelings FROM recovery_checkin WHERE id = %s", [entry.pk])
        row = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in row)
    assert "note-marker" not in "".join(row)


def test_a_second_check_in_the_same_day_edits_the_first(owner_client, owner, program):
    url = reverse("checkin") + f"?program={program.pk}"
    owner_client.post(url, form_data(program, urge_level="4"))
    owner_client.post(url, form_data(program, urge_level="7", middle=[], note="Changed my mind"))
    entry = CheckIn.objects.get(owner=owner)
    assert CheckIn.objects.filter(owner=owner).count() == 1
    assert entry.urge_level == 7
    assert entry.note == "Changed my mind"
    assert entry.item_links.filter(circle="middle").count() == 0


def test_a_double_submitted_check_in_is_saved_once(owner_client, owner, program):
    url = reverse("checkin") + f"?program={program.pk}"
    data = form_data(program)
    owner_client.post(url, data)
    owner_client.post(url, data)
    entry = CheckIn.objects.get(owner=owner)
    assert entry.item_links.count() == 2
    assert entry.trigger_links.count() == 2


def test_the_edit_form_shows_what_was_saved(owner_client, program):
    url = reverse("checkin") + f"?program={program.pk}"
    owner_client.post(url, form_data(program, gratitude="The sea"))
    page = owner_client.get(url).content.decode()
    assert "The sea" in page
    assert "saving changes it" in page


def test_urge_levels_out_of_range_are_refused_with_a_clear_message(owner_client, owner, program):
    url = reverse("checkin") + f"?program={program.pk}"
    for bad in ("11", "-1", "ten", ""):
        response = owner_client.post(url, form_data(program, urge_level=bad, note="keep me"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Please choose a level from 0 to 10." in page
        assert "keep me" in page  # nothing lost
    assert not CheckIn.objects.filter(owner=owner).exists()


def test_the_inner_circle_question_must_be_answered(owner_client, program):
    response = owner_client.post(reverse("checkin") + f"?program={program.pk}", form_data(program, stayed_out=""))
    assert "Either answer is welcome here" in response.content.decode()


def test_future_dates_are_refused(owner_client, owner, program):
    tomorrow = owner.local_today() + D
    response = owner_client.get(reverse("checkin_day", args=[program.pk, tomorrow.isoformat()]))
    assert response.status_code == 400
    assert "hasn&#x27;t come yet" in response.content.decode()
    response = owner_client.post(reverse("checkin_day", args=[program.pk, tomorrow.isoformat()]), form_data(program))
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_a_day_before_the_sobriety_date_is_refused(owner_client, program):
    before = program.sobriety_date - D
    response = owner_client.get(reverse("checkin_day", args=[program.pk, before.isoformat()]))
    assert response.status_code == 400
    assert "before your sobriety date" in response.content.decode()


def test_a_nonsense_date_is_not_found(owner_client, program):
    assert owner_client.get(f"/checkin/{program.pk}/2025-02-30/").status_code == 404
    assert owner_client.get(f"/checkin/{program.pk}/yesterday/").status_code == 404


def test_a_missed_day_can_be_filled_in_later_and_is_marked(owner_client, owner, program):
    day = owner.local_today() - 3 * D
    services.profile_of(owner).__class__.objects.filter(owner=owner).update(started_on=day - D)
    history = owner_client.get(reverse("checkin_history")).content.decode()
    assert reverse("checkin_day", args=[program.pk, day.isoformat()]) in history
    response = owner_client.post(reverse("checkin_day", args=[program.pk, day.isoformat()]), form_data(program))
    assert response.status_code == 302
    entry = CheckIn.objects.get(owner=owner)
    assert entry.local_date == day
    assert entry.filled_late
    assert entry.entered_on == owner.local_today()
    history = owner_client.get(reverse("checkin_history")).content.decode()
    assert "written later" in history


def test_a_check_in_from_an_earlier_day_cannot_be_changed(owner_client, owner, program):
    day = owner.local_today() - 2 * D
    services.save_checkin(
        owner,
        program,
        day,
        stayed_out=True,
        urge_level=2,
        items=[],
        triggers=[],
        feelings=[],
        meetings=0,
        calls=0,
        gratitude="",
        note="original",
    )
    CheckIn.objects.filter(owner=owner).update(entered_on=day)
    url = reverse("checkin_day", args=[program.pk, day.isoformat()])
    page = owner_client.get(url).content.decode()
    assert "stays as it was" in page
    assert "original" in page
    owner_client.post(url, form_data(program, note="rewritten"))
    assert CheckIn.objects.get(owner=owner).note == "original"


def test_saying_no_leads_gently_to_writing_down_a_slip(owner_client, owner, program):
    response = owner_client.post(reverse("checkin") + f"?program={program.pk}", form_data(program, stayed_out="no"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("slip_new"))
    assert f"program={program.pk}" in response["Location"]
    follow = owner_client.get(response["Location"])
    page = follow.content.decode()
    assert "Thank you for being honest" in page
    assert "failure" not in page.lower()
    assert CheckIn.objects.get(owner=owner).stayed_out is False


def test_one_check_in_per_program(owner_client, owner, program):
    from .conftest import make_program

    second = make_program(owner, fellowship="slaa")
    owner_client.post(reverse("checkin") + f"?program={program.pk}", form_data(program))
    owner_client.post(reverse("checkin") + f"?program={second.pk}", form_data(second))
    assert CheckIn.objects.filter(owner=owner, local_date=owner.local_today()).count() == 2
    # with the first done, /checkin/ opens the second program
    page = owner_client.get(reverse("checkin")).content.decode()
    assert "Sex addiction · SLAA" in page


def test_items_from_someone_elses_circles_are_ignored(world, owner_client, program):
    from .conftest import make_program

    theirs = make_program(world.other_client)
    foreign = [str(i.pk) for i in services.current_circles(theirs).items.all() if i.circle == "middle"]
    response = owner_client.post(reverse("checkin") + f"?program={program.pk}", form_data(program, middle=foreign))
    assert response.status_code == 200  # not a valid choice
    assert "Select a valid choice" in response.content.decode()


def test_the_check_in_needs_a_setup_first(owner_client):
    page = owner_client.get(reverse("checkin")).content.decode()
    assert reverse("recovery_setup") in page


def test_only_behaviours_of_the_circles_in_force_are_linked(owner, program):
    from .conftest import make_program

    old = services.current_circles(program)
    old_middle = next(i for i in old.items.all() if i.circle == "middle")
    services.save_circles(
        program,
        [services.ItemSpec("inner", "Anonymous sex", "others"), services.ItemSpec("middle", "New habit")],
        by=owner,
    )
    new_middle = next(i for i in services.current_circles(program).items.all() if i.circle == "middle")
    others = services.current_circles(make_program(owner, fellowship="slaa"))
    foreign = next(i for i in others.items.all() if i.circle == "middle")
    entry, _ = services.save_checkin(
        owner,
        program,
        owner.local_today(),
        stayed_out=True,
        urge_level=2,
        items=[old_middle, new_middle, foreign],
        triggers=[],
        feelings=[],
        meetings=0,
        calls=0,
        gratitude="",
        note="",
    )
    assert list(CheckInItem.objects.filter(checkin=entry).values_list("item_id", flat=True)) == [new_middle.pk]
