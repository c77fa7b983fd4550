"""The caseload's flag rules on fixed data: no database, no clock."""

import datetime

from tandem.recovery.insights import WarningSign
from tandem.therapy import flags
from tandem.therapy.flags import ClientFacts, compute, risk

TODAY = datetime.date(2026, 3, 10)
ALL = {"sobriety", "checkins", "meetings", "outreach", "assessments", "homework"}


class Q:
    """A stand-in for assessments.api.Flag."""

    def __init__(self, code, text):
        self.code, self.text = code, text


def sign(key):
    return WarningSign(key, key, f"because {key}", 1, 1)


def facts(**overrides):
    base = dict(
        today=TODAY,
        scopes=set(ALL),
        safety_alerts=False,
        last_slip=TODAY - datetime.timedelta(days=2),
        signs=[sign("urges_rising"), sign("isolation"), sign("middle_circle"), sign("missed_checkins")],
        assessment_flags=[Q("cutoff", "PHQ-9: 12, at or above the cut-off (10)"), Q("safety", "PHQ-9: safety")],
        overdue_homework=2,
    )
    base.update(overrides)
    return ClientFacts(**base)


def keys(found):
    return [f.key for f in found]


def test_every_flag_when_everything_is_shared_most_serious_first():
    found = compute(facts(safety_alerts=True))
    assert keys(found) == ["safety", "slip", "questionnaire", "urges", "isolation", "middle", "missed", "homework"]
    assert risk(found) == sum(kind.weight for kind in flags.KINDS)
    assert found[1].detail == "A slip 2 days ago (8 Mar)."
    assert found[-1].detail == "2 pieces of homework past the due date."


def test_a_slip_counts_for_seven_days_only():
    assert "slip" in keys(compute(facts(last_slip=TODAY)))
    slip = {flag.key: flag for flag in compute(facts(last_slip=TODAY))}["slip"]
    assert slip.detail.startswith("A slip today")
    assert "slip" in keys(compute(facts(last_slip=TODAY - datetime.timedelta(days=6))))
    assert "slip" not in keys(compute(facts(last_slip=TODAY - datetime.timedelta(days=7))))
    assert "slip" not in keys(compute(facts(last_slip=None)))


def test_each_flag_needs_every_scope_it_is_computed_from():
    assert "slip" not in keys(compute(facts(scopes=ALL - {"sobriety"})))
    assert "questionnaire" not in keys(compute(facts(scopes=ALL - {"assessments"})))
    assert "homework" not in keys(compute(facts(scopes=ALL - {"homework"})))
    without_checkins = keys(compute(facts(scopes=ALL - {"checkins"})))
    assert not {"urges", "isolation", "middle", "missed"} & set(without_checkins)
    assert "isolation" not in keys(compute(facts(scopes=ALL - {"meetings"})))
    assert "isolation" not in keys(compute(facts(scopes=ALL - {"outreach"})))
    assert "urges" in keys(compute(facts(scopes=ALL - {"outreach"})))
    assert keys(compute(facts(scopes=set()))) == []


def test_the_safety_flag_shows_to_a_therapist_holding_assessments_and_with_consent_whatever_is_shared():
    # holding the questionnaires scope is enough: the flag agrees with the badge they see
    assert "safety" in keys(compute(facts(safety_alerts=False)))
    assert "safety" in keys(compute(facts(safety_alerts=False, scopes={"assessments"})))
    # without the scope and without consent: nothing
    assert "safety" not in keys(compute(facts(safety_alerts=False, scopes=ALL - {"assessments"})))
    # with consent to be alerted: always
    assert keys(compute(facts(safety_alerts=True, scopes=set()))) == ["safety"]


def test_no_flags_no_risk():
    found = compute(facts(last_slip=None, signs=[], assessment_flags=[], overdue_homework=0))
    assert found == []
    assert risk(found) == 0


def test_scopes_read_lists_only_what_a_flag_used():
    class Row:
        def __init__(self, pk, scopes):
            self.client = type("C", (), {"pk": pk})()
            self.scopes = scopes

    reads = flags.scopes_read([Row(1, ALL), Row(2, {"sobriety", "meetings", "outreach", "journal"})])
    assert sorted(reads) == sorted(ALL)
    assert reads["sobriety"] == [1, 2]
    assert reads["meetings"] == [1]  # read only with check-ins, for the isolation flag
    assert "journal" not in reads
