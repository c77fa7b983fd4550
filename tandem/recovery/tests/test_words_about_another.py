"""Text someone else reads about a person speaks of that person, not of "you"."""

import datetime

from tandem.recovery import charts, panels

TODAY = datetime.date(2026, 3, 20)


def test_the_urge_chart_names_the_person_for_someone_else():
    daily = {TODAY - datetime.timedelta(days=i): 3 for i in range(30)}
    chart = charts.urge_chart("u", daily, TODAY, 30, who="Robin")
    assert chart.summary.startswith("Robin checked in on 30 of 30 days;")
    assert " you " not in f" {chart.summary} ".lower()
    empty = charts.urge_chart("u", {}, TODAY, 30, who="Robin")
    assert "Robin" in empty.summary
    assert "you" not in empty.summary.lower()


def test_the_owner_still_reads_about_themselves():
    daily = {TODAY: 3}
    assert "you checked in on 1" in charts.urge_chart("u", daily, TODAY, 30).summary


def test_the_check_in_panel_speaks_of_the_owner(world):
    chart = panels.checkins(world.therapist, world.owner)["chart"]
    assert world.owner.display_name in chart.summary
    assert "you" not in chart.summary.lower()
