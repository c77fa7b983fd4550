"""assessment_flags_for: the caseload's questionnaire flags, in a fixed number of queries."""

from tandem.assessments.api import assessment_flag_details_for, assessment_flags_for
from tests.support.world import make_user

from .helpers import complete


def test_flags_for_cut_off_reliable_worsening_and_safety(world):
    complete(world.owner, "pcl5", [1] * 20)  # 20
    complete(world.owner, "pcl5", [2] * 20)  # 40: worse by 20, above the cut-off
    complete(world.owner, "gad7", [1] * 7)  # 7: nothing
    complete(world.other_client, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    flags = assessment_flags_for([world.owner, world.other_client, world.partner])
    assert sorted(flags[world.owner.pk]) == [
        "PCL-5: 40, at or above the cut-off (31)",
        "PCL-5: worse by 20 since last time (reliable change 5, provisional)",
    ]
    assert flags[world.other_client.pk] == ["PHQ-9: safety answer on the latest result"]
    assert flags[world.partner.pk] == []
    details = assessment_flag_details_for([world.owner.pk])[world.owner.pk]
    assert {(f.code, f.instrument, f.provisional) for f in details} == {
        ("cutoff", "pcl5", False),
        ("worse", "pcl5", True),
    }


def test_only_the_latest_result_counts(world):
    complete(world.owner, "pcl5", [2] * 20)  # 40
    complete(world.owner, "pcl5", [1] * 20)  # 20: better by 20, below the cut-off
    complete(world.owner, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    complete(world.owner, "phq9", 0)
    assert assessment_flags_for([world.owner])[world.owner.pk] == []


def test_a_change_below_the_threshold_is_not_flagged(world):
    complete(world.owner, "pcl5", [1] * 20)  # 20
    complete(world.owner, "pcl5", [1] * 16 + [2] * 4)  # 24: worse by 4 < 5
    assert assessment_flags_for([world.owner])[world.owner.pk] == []


def test_the_number_of_queries_does_not_grow_with_the_number_of_people(world, django_assert_num_queries):
    people = [make_user(f"p{i}@example.test", f"P{i}", "client") for i in range(6)]
    for person in people:
        complete(person, "phq9", 3)
        complete(person, "pcl5", [1] * 20)
        complete(person, "pcl5", [2] * 20)
    with django_assert_num_queries(2):
        one = assessment_flags_for([people[0]])
    with django_assert_num_queries(2):
        many = assessment_flags_for(people)
    assert len(many) == 6
    assert many[people[0].pk] == one[people[0].pk]
    assert len(one[people[0].pk]) == 4  # PHQ-9 all 3s: safety and cut-off; PCL-5: cut-off and worse
    with django_assert_num_queries(0):
        assert assessment_flags_for([]) == {}
