"""A programme made from the seed-000 scheme has what the seed describes."""

from metodset.events.models import Event
from metodset.programs.models import Assignment, CompletionRule, Program
from metodset.programs.schemes import DIGITAL_INTERNSHIP
from metodset.surveys.models import Questionnaire


def test_digital_internship_has_three_events_two_blocks_of_team_work_and_the_regulations(
    internship,
):
    program = internship.program
    assert program.kind == Program.Kind.DIGITAL_INTERNSHIP
    stages = list(program.stages.order_by("order"))
    assert [s.kind for s in stages] == [
        "preparatory", "first", "inter_event", "second", "self_study", "final"
    ]  # fmt: skip
    events = Event.objects.filter(program_stages__program=program)
    assert events.count() == 3
    second = internship.stage("second")
    final = internship.stage("final")
    assert (second.talk_minutes, second.questions_minutes) == (3, 2)
    assert (final.talk_minutes, final.questions_minutes) == (5, 3)
    assert list(Assignment.objects.filter(stage__program=program).values_list("kind", "scope")) == [
        ("event_card", "team"),
        ("video", "team"),
    ]
    assert set(program.rules.values_list("kind", flat=True)) == {
        CompletionRule.Kind.EVENTS_ATTENDED,
        CompletionRule.Kind.TEAM_PRODUCT_ACCEPTED,
        CompletionRule.Kind.VIDEO_UPLOADED,
        CompletionRule.Kind.QUESTIONNAIRE_ANSWERED,
    }
    assert program.rules.get(kind="events_attended").count == 2
    questionnaire = Questionnaire.objects.get(
        pk=program.rules.get(kind="questionnaire").questionnaire_id
    )
    assert questionnaire.template_key == DIGITAL_INTERNSHIP.reflection_questionnaire
    assert program.final_case is not None


def test_digital_internship_counts_its_events_in_person_and_its_team_work_as_self_study(
    internship,
):
    """Three 90-minute online events, two academic hours each; two blocks of team work of
    six hours each: 18 hours, enough for a certificate of professional development."""
    program = internship.program
    events = Event.objects.filter(program_stages__program=program)
    assert {event.duration_minutes for event in events} == {90}
    assert (program.hours_in_person, program.hours_self_study) == (6, 12)
    assert program.hours == 18
    assert internship.stage("second").hours_in_person == 2
    assert internship.stage("self_study").hours_self_study == 6
