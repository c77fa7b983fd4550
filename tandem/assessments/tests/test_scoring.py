"""Known-answer vectors (item responses -> exact total, subscales, band, flags) and properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.assessments import definitions, engine
from tandem.assessments.definitions import Instrument

from .helpers import answers_for, tiny_definition


def vector(key, items):
    result = engine.score(definitions.builtin(key), answers_for(key, items))
    return result


PHQ9 = [
    # items 1..9                         total band                 cut-off safety
    ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "None–minimal", False, False),
    ([0, 0, 0, 0, 0, 0, 0, 0, 1], 1, "None–minimal", False, True),  # total 1, item 9 positive
    ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "None–minimal", False, False),
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild", False, False),
    ([3, 3, 3, 0, 0, 0, 0, 0, 0], 9, "Mild", False, False),
    ([3, 3, 3, 1, 0, 0, 0, 0, 0], 10, "Moderate", True, False),
    ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "Moderate", True, False),
    ([3, 3, 3, 3, 3, 0, 0, 0, 0], 15, "Moderately severe", True, False),
    ([3, 3, 3, 3, 3, 3, 1, 0, 0], 19, "Moderately severe", True, False),
    ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "Severe", True, False),
    ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "Severe", True, True),
    ([2, 2, 2, 2, 2, 2, 2, 2, 0], 16, "Moderately severe", True, False),
]


@pytest.mark.parametrize(("items", "total", "band", "cutoff", "safety"), PHQ9)
def test_phq9_known_answers(items, total, band, cutoff, safety):
    result = vector("phq9", items)
    assert (result.total, result.band_label, result.at_or_above_cutoff, result.safety_fired) == (
        total,
        band,
        cutoff,
        safety,
    )
    assert result.safety == (["phq9_item9_any_positive"] if safety else [])
    assert result.subscales == {}
    assert result.counts == {}
    assert result.rules == {}


GAD7 = [
    ([0, 0, 0, 0, 0, 0, 0], 0, "Minimal anxiety", False),
    ([1, 1, 1, 1, 0, 0, 0], 4, "Minimal anxiety", False),
    ([1, 1, 1, 1, 1, 0, 0], 5, "Mild anxiety", False),
    ([3, 3, 3, 0, 0, 0, 0], 9, "Mild anxiety", False),
    ([3, 3, 3, 1, 0, 0, 0], 10, "Moderate anxiety", True),
    ([2, 2, 2, 2, 2, 2, 2], 14, "Moderate anxiety", True),
    ([3, 3, 3, 3, 3, 0, 0], 15, "Severe anxiety", True),
    ([3, 3, 3, 3, 3, 3, 3], 21, "Severe anxiety", True),
]


@pytest.mark.parametrize(("items", "total", "band", "cutoff"), GAD7)
def test_gad7_known_answers(items, total, band, cutoff):
    result = vector("gad7", items)
    assert (result.total, result.band_label, result.at_or_above_cutoff, result.safety) == (total, band, cutoff, [])


def pcl(b, c, d, e):
    assert (len(b), len(c), len(d), len(e)) == (5, 2, 7, 6)
    return [*b, *c, *d, *e]


PCL5 = [
    # B(1-5), C(6-7), D(8-14), E(15-20) -> total, cluster scores, band, cut-off 31 reached, DSM-5 cluster pattern
    (pcl([0] * 5, [0] * 2, [0] * 7, [0] * 6), 0, {"B": 0, "C": 0, "D": 0, "E": 0}, "Below the cut-off", False, False),
    (  # top edge of the lowest band; only one E item rated 2+, so no cluster pattern
        pcl([2] * 5, [2] * 2, [2] * 7, [2, 0, 0, 0, 0, 0]),
        30,
        {"B": 10, "C": 4, "D": 14, "E": 2},
        "Below the cut-off",
        False,
        False,
    ),
    (  # bottom edge of the cut-off range: the cut-off we use (31) is reached
        pcl([2] * 5, [2] * 2, [2] * 7, [2, 1, 0, 0, 0, 0]),
        31,
        {"B": 10, "C": 4, "D": 14, "E": 3},
        "Within the cut-off range (31–33)",
        True,
        False,
    ),
    (  # top edge of the cut-off range; only one D item rated 2+
        pcl([4] * 5, [4] * 2, [4, 1, 0, 0, 0, 0, 0], [0] * 6),
        33,
        {"B": 20, "C": 8, "D": 5, "E": 0},
        "Within the cut-off range (31–33)",
        True,
        False,
    ),
    (  # bottom edge of the top band, cluster pattern met
        pcl([4, 4, 4, 4, 2], [4] * 2, [2, 2, 0, 0, 0, 0, 0], [2, 2, 0, 0, 0, 0]),
        34,
        {"B": 18, "C": 8, "D": 4, "E": 4},
        "Above the cut-off range",
        True,
        True,
    ),
    (
        pcl([4] * 5, [4] * 2, [4] * 7, [4] * 6),
        80,
        {"B": 20, "C": 8, "D": 28, "E": 24},
        "Above the cut-off range",
        True,
        True,
    ),
    (  # the smallest cluster pattern (1 B, 1 C, 2 D, 2 E) at a low total
        pcl([2, 0, 0, 0, 0], [0, 2], [2, 2, 0, 0, 0, 0, 0], [0, 0, 0, 0, 2, 2]),
        12,
        {"B": 2, "C": 2, "D": 4, "E": 4},
        "Below the cut-off",
        False,
        True,
    ),
    (pcl([1] * 5, [1] * 2, [1] * 7, [1] * 6), 20, {"B": 5, "C": 2, "D": 7, "E": 6}, "Below the cut-off", False, False),
]


@pytest.mark.parametrize(("items", "total", "subscales", "band", "cutoff", "pattern"), PCL5)
def test_pcl5_known_answers(items, total, subscales, band, cutoff, pattern):
    result = vector("pcl5", items)
    assert result.total == total
    assert result.subscales == subscales
    assert sum(result.subscales.values()) == result.total
    assert result.band_label == band
    assert result.at_or_above_cutoff is cutoff
    assert result.rules == {"dsm5_cluster_pattern": pattern}
    assert result.safety == []


def test_pcl5_counts_use_the_item_rating_of_two():
    result = vector("pcl5", pcl([2, 1, 0, 0, 0], [0, 0], [3, 4, 1, 0, 0, 0, 2], [0] * 6))
    assert result.counts == {"endorsed_B": 1, "endorsed_C": 0, "endorsed_D": 3, "endorsed_E": 0}


# --- Refusing to score ------------------------------------------------------------------------


def test_a_missing_item_means_no_score_and_names_every_missing_item():
    instrument = definitions.builtin("phq9")
    answers = answers_for("phq9", 1)
    del answers["3"], answers["9"]
    with pytest.raises(engine.IncompleteAnswers) as error:
        engine.score(instrument, answers)
    assert error.value.missing == ["3", "9"]


@pytest.mark.parametrize("bad", [4, -1, "4", "1.0", " 1", 1.5, True, None, [1], "x"])
def test_a_value_outside_the_options_is_refused(bad):
    answers = answers_for("phq9", 0)
    answers["2"] = bad
    with pytest.raises(engine.AnswerError):
        engine.score(definitions.builtin("phq9"), answers)


def test_string_digits_from_a_form_are_accepted():
    answers = {k: str(v) for k, v in answers_for("gad7", 2).items()}
    assert engine.score(definitions.builtin("gad7"), answers).total == 14


# --- A made-up definition exercising reverse scoring, subscales, counts and rules --------------


def test_reverse_scoring_subscales_counts_rules_and_safety():
    tiny = Instrument(tiny_definition(), source="pack", practice_id=1)
    assert definitions.problems(tiny.data) == []
    result = engine.score(tiny, {"a": 3, "b": 1, "c": 3})
    assert result.total == 3 + 3 + 3  # b reversed: 1 + 3 - 1
    assert result.subscales == {"x": 6, "y": 3}
    assert result.counts == {"high": 2}  # counts use the answer as given, before reversing
    assert result.rules == {"two_high": True}
    assert result.band_label == "High"
    assert result.at_or_above_cutoff is True
    assert result.safety == ["c_yes"]
    low = engine.score(tiny, {"a": 1, "b": 3, "c": 1})
    assert (low.total, low.band_label, low.at_or_above_cutoff, low.safety) == (3, "Low", False, [])


# --- Properties --------------------------------------------------------------------------------


def complete_answers(instrument):
    return st.fixed_dictionaries(
        {item["id"]: st.sampled_from([o["value"] for o in item["options"]]) for item in instrument.items}
    )


INSTRUMENTS = sorted(definitions.builtins())


@pytest.mark.parametrize("key", INSTRUMENTS)
def test_any_complete_answer_set_scores_within_range_and_in_one_band(key):
    instrument = definitions.builtin(key)

    @settings(max_examples=300, deadline=None)
    @given(complete_answers(instrument))
    def check(answers):
        result = engine.score(instrument, answers)
        assert instrument.total_min <= result.total <= instrument.total_max
        assert result.total == sum(answers.values())
        matching = [b for b in instrument.bands if b.min <= result.total <= b.max]
        assert len(matching) == 1
        assert matching[0].label == result.band_label
        for sub in instrument.data["scoring"].get("subscales", []):
            assert sub["min"] <= result.subscales[sub["id"]] <= sub["max"]
        if instrument.cutoff:
            assert result.at_or_above_cutoff == (result.total >= instrument.cutoff["value"])
        if key == "phq9":
            assert result.safety_fired == (answers["9"] >= 1)
        else:
            assert result.safety == []

    check()


@pytest.mark.parametrize("key", INSTRUMENTS)
def test_bands_cover_the_range_without_gap_or_overlap(key):
    instrument = definitions.builtin(key)
    for total in range(instrument.total_min, instrument.total_max + 1):
        assert len([b for b in instrument.bands if b.min <= total <= b.max]) == 1, total
    assert instrument.bands[0].min == instrument.total_min
    assert instrument.bands[-1].max == instrument.total_max


@settings(max_examples=200, deadline=None)
@given(
    edges=st.lists(st.integers(min_value=1, max_value=26), unique=True, max_size=6).map(sorted),
    gap=st.booleans(),
)
def test_the_band_checker_finds_any_gap_or_overlap(edges, gap):
    """Build band lists from random cut points; the checker accepts exactly the tilings."""
    data = definitions.builtin("phq9").data
    bounds = [0, *edges, 28]
    bands = [
        {"min": bounds[i], "max": bounds[i + 1] - 1, "label": f"b{i}", "meaning": "m"} for i in range(len(bounds) - 1)
    ]
    assert definitions.band_problems({**data, "bands": bands}) == []
    if len(bands) > 1:
        broken = [dict(b) for b in bands]
        broken[1]["min"] += 1 if gap else -1
        if broken[1]["min"] <= broken[1]["max"] and broken[1]["min"] >= 0:
            assert definitions.band_problems({**data, "bands": broken}) != []
