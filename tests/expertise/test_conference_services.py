"""The conference's services: the section's schedule, the jury's protocols and their PDF read
back, the programme's completion with a required defence, the defence run with the live-session
timer, the proceedings with every accepted paper's title and authors in the contents, and an
accepted article included in the proceedings or the library."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from metodset.expertise.models import Campaign, Defence, Item
from metodset.expertise.selectors import conference as selectors
from metodset.expertise.services import conference as services
from metodset.expertise.services.conference import ConferenceError
from metodset.library.models import Material
from metodset.programs.models import LiveSession
from metodset.programs.services.completion import completion

from . import factories as expertise
from .conference_world import ConferenceWorld, conference_world, tomorrow_at


@pytest.fixture
def cw(world) -> ConferenceWorld:
    return conference_world(world)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _scores(cw: ConferenceWorld, values: list[int]) -> dict[int, int]:
    criteria = selectors.rubric_of(cw.section).criteria.order_by("order", "pk")
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}


# --- the schedule -----------------------------------------------------------------------------


def test_the_call_for_papers_is_a_conference_campaign_on_the_rubric(cw):
    call = cw.conference.call_for_papers
    assert call.kind == Campaign.Kind.CONFERENCE
    assert selectors.rubric_of(cw.section) == call.rubric


def test_defences_follow_their_slots_and_never_overlap(cw, world):
    later = services.defence_schedule(
        section=cw.section, item=cw.papers[1], starts_at=tomorrow_at(10, 10), by=world.coordinator
    )
    earlier = services.defence_schedule(
        section=cw.section,
        item=cw.papers[1],
        starts_at=tomorrow_at(9, 30),
        talk_minutes=5,
        questions_minutes=5,
        by=world.coordinator,
    )
    assert list(selectors.defences(cw.section)) == [earlier, cw.defence, later]
    with pytest.raises(ConferenceError, match="пересекается|overlaps"):
        services.defence_schedule(
            section=cw.section,
            item=cw.papers[1],
            starts_at=tomorrow_at(10, 5),
            by=world.coordinator,
        )
    programme = selectors.programme(cw.conference)
    assert [len(defences) for _section, defences in programme] == [3]


def test_the_speakers_are_the_items_authors(cw):
    assert selectors.speakers_line(cw.defence) == "Иванова А.С., Петрова А.С."


def test_a_paper_of_another_network_is_refused(cw, world):
    from .. import factories

    other = factories.network(name="Другая сеть")
    foreign = expertise.item(campaign_=expertise.campaign(network=other))
    with pytest.raises(ConferenceError):
        services.defence_schedule(
            section=cw.section, item=foreign, starts_at=tomorrow_at(12), by=world.coordinator
        )


# --- the protocol -----------------------------------------------------------------------------


def test_the_jury_majority_decides_and_the_protocol_pdf_reads_back(cw):
    first, second = cw.jurors
    services.protocol_save(
        defence=cw.defence,
        juror=first,
        scores=_scores(cw, [3, 2, 3]),
        decision=Defence.Result.PASSED,
        comment="Убедительная защита, ответы по существу.",
    )
    cw.defence.refresh_from_db()
    assert (cw.defence.status, cw.defence.result) == (Defence.Status.HELD, Defence.Result.PASSED)
    services.protocol_save(
        defence=cw.defence, juror=second, scores=_scores(cw, [1, 1, 2]), decision="failed"
    )
    cw.defence.refresh_from_db()
    assert cw.defence.result == Defence.Result.FAILED  # one of two is not a majority
    services.protocol_save(
        defence=cw.defence, juror=cw.moderator, scores=_scores(cw, [2, 2, 2]), decision="passed"
    )
    cw.defence.refresh_from_db()
    assert cw.defence.result == Defence.Result.PASSED
    text = pdf_text(services.protocol_render(cw.defence))
    for expected in (
        "Протокол защиты",
        "Цифровые инструменты управления качеством",
        "Мониторинг качества образования",
        "Иванова А.С., Петрова А.С.",
        "Актуальность и обоснованность",
        "Лебедева",
        "Кравец",
        "Убедительная защита",
        "ЗАЩИЩЕНО",
    ):
        assert expected in text, expected
    assert "8" in text and "4" in text  # the totals 3+2+3 and 1+1+2


def test_saving_again_replaces_the_jurors_protocol(cw):
    juror = cw.jurors[0]
    for decision in ("failed", "passed"):
        services.protocol_save(
            defence=cw.defence, juror=juror, scores=_scores(cw, [1, 1, 1]), decision=decision
        )
    assert cw.defence.protocols.get().decision == "passed"
    assert cw.defence.protocols.get().scores.count() == 3


def test_a_score_out_of_the_scale_or_an_absent_speaker_is_refused(cw, world):
    with pytest.raises(ConferenceError):
        services.protocol_save(
            defence=cw.defence, juror=cw.jurors[0], scores=_scores(cw, [4, 1, 1]), decision="passed"
        )
    services.defence_mark(defence=cw.defence, status=Defence.Status.ABSENT, by=world.methodist)
    with pytest.raises(ConferenceError):
        services.protocol_save(
            defence=cw.defence, juror=cw.jurors[0], scores=_scores(cw, [1, 1, 1]), decision="passed"
        )


# --- completion of the programme -------------------------------------------------------------


def _complete(cw: ConferenceWorld) -> dict[str, bool]:
    return {row.user.email: row.eligible for row in completion(program=cw.program)}


def test_completion_is_refused_without_a_passed_defence_and_granted_with_one(cw):
    assert not any(_complete(cw).values())
    row = completion(program=cw.program)[0]
    assert "не защищена" in " ".join(row.missing) or "not defended" in " ".join(row.missing)
    for juror in cw.jurors:
        services.protocol_save(
            defence=cw.defence, juror=juror, scores=_scores(cw, [3, 3, 3]), decision="passed"
        )
    done = _complete(cw)
    assert done == {
        "trainee0@example.ru": True,
        "trainee1@example.ru": True,
        "trainee2@example.ru": False,
        "trainee3@example.ru": False,
    }


def test_a_failed_defence_does_not_complete(cw):
    for juror in cw.jurors:
        services.protocol_save(
            defence=cw.defence, juror=juror, scores=_scores(cw, [1, 0, 1]), decision="failed"
        )
    assert not any(_complete(cw).values())


def test_without_the_option_the_conference_adds_no_condition(cw):
    cw.conference.defence_required = False
    cw.conference.save()
    assert all(_complete(cw).values())


# --- the live session ------------------------------------------------------------------------


def test_the_moderator_starts_the_defence_with_the_programmes_timer(cw):
    session = services.defence_start(defence=cw.defence, by=cw.moderator)
    assert isinstance(session, LiveSession)
    assert session.phase == LiveSession.Phase.TALK
    assert (session.talk_seconds, session.questions_seconds) == (7 * 60, 3 * 60)
    assert [slot.team.number for slot in session.slots.all()] == [1]
    assert services.defence_start(defence=cw.defence, by=cw.moderator) == session


def test_a_defence_outside_a_programme_runs_without_the_timer(cw):
    cw.conference.program = None
    cw.conference.save()
    cw.defence.refresh_from_db()
    with pytest.raises(ConferenceError):
        services.defence_start(defence=cw.defence, by=cw.moderator)


# --- proceedings and articles ----------------------------------------------------------------


def test_the_proceedings_list_every_accepted_paper_with_its_authors(cw, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rejected = expertise.item(
        campaign_=cw.conference.call_for_papers,
        authors=[world.teacher],
        title="Отклонённый доклад",
        status=Item.Status.REJECTED,
    )
    conference = services.proceedings_compile(conference=cw.conference, by=world.coordinator)
    assert conference.proceedings_version == 1
    content = conference.proceedings.read()
    text = pdf_text(content)
    contents = PdfReader(io.BytesIO(content)).pages[1].extract_text()  # after the title page
    assert "Содержание" in contents
    for paper in cw.papers:
        assert " ".join(paper.title.split()[:3]) in contents
    for author in ("Иванова А.С.", "Петрова А.С.", "Сидорова А.С.", "Орлова А.С."):
        assert author in contents
    assert "СБОРНИК МАТЕРИАЛОВ КОНФЕРЕНЦИИ" in text
    assert rejected.title not in text
    material = services.proceedings_publish(conference=conference, by=world.coordinator)
    assert material.kind == Material.Kind.COLLECTION and material.file


def test_proceedings_without_accepted_papers_are_refused(world):
    rubric = expertise.rubric(network=world.network)
    empty = services.conference_create(
        network=world.network,
        title="Пустая",
        starts_at=tomorrow_at(9),
        ends_at=tomorrow_at(10),
        by=world.coordinator,
        rubric=rubric,
    )
    with pytest.raises(ConferenceError):
        services.proceedings_compile(conference=empty, by=world.coordinator)


def test_an_accepted_article_goes_into_the_proceedings_or_the_library(
    cw, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    articles = expertise.campaign(network=world.network, kind=Campaign.Kind.ARTICLES)
    draft = expertise.item(campaign_=articles, authors=[world.teacher], title="Черновик статьи")
    with pytest.raises(ConferenceError):
        services.article_include(item=draft, by=world.coordinator)
    article = expertise.item(
        campaign_=articles,
        authors=[world.teacher],
        title="Статья о цифровом следе ученика",
        status=Item.Status.ACCEPTED,
    )
    services.article_include(item=article, by=world.coordinator, conference=cw.conference)
    assert article in selectors.papers_accepted(cw.conference)
    services.article_include(item=article, by=world.coordinator)
    article.refresh_from_db()
    assert article.material.kind == Material.Kind.ARTICLE
    assert article.material.title == "Статья о цифровом следе ученика"
    with pytest.raises(ConferenceError):
        services.article_include(item=article, by=world.coordinator)
