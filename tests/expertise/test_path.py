"""The path of a work as its author reads it: pure, on the item's status, version and where
it was included."""

from django.utils.translation import override

from metodset.expertise.path import CURRENT, DONE, SKIPPED, TODO, item_path


def _read(steps):
    with override("ru"):
        return [(str(step.label), step.state, str(step.note)) for step in steps]


def test_a_draft_is_the_first_step_and_the_rest_lie_ahead():
    assert _read(item_path(status="draft", version=1)) == [
        ("черновик", CURRENT, ""),
        ("на экспертизе", TODO, ""),
        ("заключения", TODO, ""),
        ("доработка", TODO, ""),
        ("принята", TODO, ""),
        ("включена в сборник или библиотеку", TODO, ""),
    ]


def test_a_work_accepted_without_revision_passes_it_by_and_waits_for_inclusion():
    steps = _read(item_path(status="accepted", version=1))

    assert [state for _label, state, _note in steps] == [DONE, DONE, DONE, SKIPPED, CURRENT, TODO]
    assert steps[3][2] == "не понадобилась"


def test_an_included_work_ends_in_the_proceedings_or_the_library():
    in_proceedings = _read(item_path(status="accepted", version=2, included="proceedings"))
    in_library = _read(item_path(status="accepted", version=1, included="library"))

    assert in_proceedings[-1] == ("включена в сборник", CURRENT, "")
    assert in_proceedings[3] == ("доработка", DONE, "")
    assert in_library[-1] == ("включена в библиотеку", CURRENT, "")


def test_a_revised_version_is_under_expertise_again_with_its_number():
    steps = _read(item_path(status="reviewing", version=2))

    assert steps[1] == ("на экспертизе", CURRENT, "версия 2")
    assert steps[3] == ("доработка", DONE, "")
    assert _read(item_path(status="revision", version=1))[3] == ("доработка", CURRENT, "")


def test_a_rejected_or_withdrawn_work_ends_where_it_stopped():
    rejected = _read(item_path(status="rejected", version=1))
    withdrawn = _read(item_path(status="withdrawn", version=1))

    assert rejected[-1] == ("не рекомендована", CURRENT, "")
    assert len(rejected) == 5
    assert withdrawn[-1] == ("отозвана", CURRENT, "")
