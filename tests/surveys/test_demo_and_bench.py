"""Demo questionnaires (idempotent, realistic) and the benchmark's bulk questionnaire."""

import time

import pytest

from metodset.accounts.models import Network, Organization, User
from metodset.bench.surveys import survey_results_start
from metodset.demo.loader import demo_load
from metodset.demo.surveys import demo_surveys_load
from metodset.surveys import results
from metodset.surveys.models import Answer, Invitation, Questionnaire, Response


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo's certificates (PDFs, a logo, a facsimile) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Questionnaire, Invitation, Response, Answer))


def test_demo_questionnaires_are_loaded_once_with_realistic_answers(db, django_user_model):
    from django.utils import timezone

    summary = demo_load()  # the demo loads its questionnaires with everything else
    network = Network.objects.get()
    now = timezone.now()
    counts = _counts()
    assert demo_surveys_load(network=network, now=now) == ("Анкеты сети уже загружены.", 0)
    assert _counts() == counts

    assert "Анкеты сети: «Рефлексия участника цифровой педагогической" in summary
    assert "ответили 41 из 60 приглашённых" in summary
    assert "25 ответов по публичной ссылке" in summary
    coordinator = User.objects.get(email="coordinator@demo.metodset.ru")
    # the first three are the demo's own; the programmes of the demo add their reflection ones
    reflection, satisfaction, audience = Questionnaire.objects.order_by("pk")[:3]
    for q in (reflection, satisfaction, audience):
        assert q.created_by == coordinator and q.network == network
        assert q.organization == network.lead_organization
    assert reflection.responses.filter(user__isnull=False).count() == 41
    assert satisfaction.anonymous and not satisfaction.responses.filter(user__isnull=False).exists()
    assert audience.responses.filter(channel="public").count() == 25

    overview = results.summary(questionnaire=reflection)
    satisfied = next(r for r in overview.questions if "удовлетворены" in r.question.text)
    assert 3.5 < satisfied.mean < 4.8  # mostly satisfied, not all
    feedback = overview.questions[0]
    assert feedback.respondents == 41 and feedback.texts


def test_bench_questionnaire_has_every_kind_and_many_responses_fast(world):
    started = time.perf_counter()
    q = survey_results_start(organization=world.school, created_by=world.methodist, responses=3000)
    elapsed = time.perf_counter() - started
    assert q.responses.count() == 3000
    assert set(q.questions.values_list("kind", flat=True)) == {
        "single", "multiple", "scale", "yes_no", "number", "matrix", "short_text", "long_text"
    }  # fmt: skip
    assert q.questions.count() == 15
    assert elapsed < 30  # a few tenths of a second here; the full run makes 30,000
    overview = results.summary(questionnaire=q)
    assert all(r.respondents > 0 for r in overview.questions)
    assert Organization.objects.filter(pk=q.organization_id).exists()
