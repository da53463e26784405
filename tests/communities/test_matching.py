"""The plan against the deficits, on plain data: no database."""

from __future__ import annotations

from metodset.communities.matching import (
    DeficitTrend,
    Direction,
    Topic,
    direction_of,
    draft_next,
    match,
)


def trend(pk: int, share: float, previous: float | None = None, assessed: int = 20):
    return DeficitTrend(
        competency_id=pk,
        title=f"Компетенция {pk}",
        area="Методические",
        share=share,
        previous_share=previous,
        assessed=assessed,
    )


def topic(pk: int, month: int, *competencies: int) -> Topic:
    return Topic(
        topic_id=pk, title=f"Тема {pk}", month=month, competency_ids=frozenset(competencies)
    )


# A kindergarten: assessment (1) is the biggest and growing deficit, parents (2) falling, digital
# resources (3) stable, speech (4) not measured before; 5 is below the threshold.
TRENDS = [
    trend(1, 0.55, 0.40),
    trend(2, 0.35, 0.60),
    trend(3, 0.40, 0.38),
    trend(4, 0.30, None),
    trend(5, 0.10, 0.50),
]
TOPICS = [
    topic(101, 2, 1),  # February: assessment
    topic(102, 10, 1, 3),  # October: assessment and digital resources
    topic(103, 11, 5),  # a competency that is not a deficit
    topic(104, 9),  # no competency at all
    topic(105, 3, 2),  # parents
]


def test_the_table_matches_gaps_and_unbacked_topics_exactly():
    table = match(TRENDS, TOPICS)

    rows = [
        (r.deficit.competency_id, r.direction, [t.topic_id for t in r.topics], r.matched)
        for r in table.rows
    ]
    assert rows == [
        (1, Direction.GROWING, [102, 101], True),  # October before February
        (3, Direction.STABLE, [102], True),
        (2, Direction.FALLING, [105], True),
        (4, Direction.NEW, [], False),
    ]
    assert [r.deficit.competency_id for r in table.gaps] == [4]
    assert [t.topic_id for t in table.unbacked] == [104, 103]  # September, then November
    assert table.matched_topic_ids == {101, 102, 105}


def test_the_change_is_the_difference_of_shares():
    table = match(TRENDS, TOPICS)

    changes = {r.deficit.competency_id: r.change for r in table.rows}
    assert round(changes[1], 2) == 0.15
    assert round(changes[2], 2) == -0.25
    assert changes[4] is None


def test_a_share_exactly_at_the_threshold_is_a_deficit_and_the_tolerance_is_inclusive():
    assert [r.deficit.competency_id for r in match([trend(1, 3 / 10)], []).rows] == [1]
    assert match([trend(1, 0.29)], []).rows == ()
    assert direction_of(0.35, 0.30)[0] == Direction.STABLE
    assert direction_of(0.36, 0.30)[0] == Direction.GROWING
    assert direction_of(0.24, 0.30)[0] == Direction.FALLING


def test_without_a_previous_campaign_every_deficit_is_new():
    table = match([trend(1, 0.5), trend(2, 0.4)], [topic(1, 9, 2)])

    assert [(r.deficit.competency_id, r.direction) for r in table.rows] == [
        (1, Direction.NEW),
        (2, Direction.NEW),
    ]
    assert [r.matched for r in table.rows] == [False, True]


def test_equal_shares_keep_the_framework_order_and_nobody_assessed_is_no_deficit():
    trends = [trend(7, 0.5), trend(3, 0.5), trend(9, 0.6), trend(4, 1.0, assessed=0)]

    assert [r.deficit.competency_id for r in match(trends, []).rows] == [9, 7, 3]


def test_a_plan_with_no_topics_leaves_every_deficit_uncovered():
    table = match(TRENDS, [])

    assert [r.deficit.competency_id for r in table.gaps] == [1, 3, 2, 4]
    assert table.unbacked == ()


def test_no_deficits_makes_every_topic_unbacked():
    table = match([trend(1, 0.1)], TOPICS)

    assert table.rows == ()
    assert [t.topic_id for t in table.unbacked] == [104, 102, 103, 101, 105]


def test_a_custom_threshold_is_used():
    table = match(TRENDS, TOPICS, threshold=0.5)

    assert [r.deficit.competency_id for r in table.rows] == [1]
    assert [t.topic_id for t in table.unbacked] == [104, 103, 105]


def test_the_draft_keeps_matched_topics_and_spreads_the_gaps_over_the_year():
    trends = [trend(1, 0.9), trend(2, 0.8), trend(3, 0.7), trend(4, 0.6, 0.2)]
    table = match(trends, [topic(11, 3, 4), topic(12, 10, 4), topic(13, 9)])

    draft = draft_next(table)

    assert draft.kept_topic_ids == (12, 11)
    assert [(p.deficit.competency_id, p.month) for p in draft.proposed] == [
        (1, 9),
        (2, 12),
        (3, 3),
    ]


def test_the_draft_of_a_plan_that_covers_everything_proposes_nothing():
    table = match([trend(1, 0.5)], [topic(1, 9, 1)])

    assert draft_next(table).proposed == ()
    assert draft_next(table).kept_topic_ids == (1,)


def test_when_nothing_was_measured_the_draft_keeps_every_topic():
    table = match([], [topic(1, 3), topic(2, 9, 5)])

    assert draft_next(table).kept_topic_ids == ()
    assert draft_next(table, keep_unbacked=True).kept_topic_ids == (2, 1)
