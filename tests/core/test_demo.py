"""The demo network as it is once loaded: realistic, with working logins.

The demo is loaded once for the module (``demo_network``), inside a transaction rolled back
after its last test; each test runs in a savepoint of its own, so a test that changes rows
leaves the next one the demo as loaded. Loading itself (into an empty database, twice, on
another day) is proved in ``test_demo_loading.py``.
"""

import random

import pytest
from django.contrib.auth import authenticate
from django.db import transaction
from django.test import override_settings

from metodset.accounts.importing.values import inn_checksum_ok
from metodset.accounts.models import Membership, Network, Organization, Region, User
from metodset.accounts.names import gender_from_patronymic
from metodset.demo import data
from metodset.demo.loader import demo_load, demo_logins, demo_people

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]
Role = Membership.Role


@pytest.fixture(scope="module")
def _demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media(settings, _demo_media):
    """The demo's certificates (PDFs, a logo, a facsimile) are in a folder of the module's own."""
    settings.MEDIA_ROOT = _demo_media


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, _demo_media):
    """The demo, loaded once, with the settings every test has (tests/conftest.py)."""
    as_in_tests = override_settings(
        MEDIA_ROOT=_demo_media,
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    with django_db_blocker.unblock(), as_in_tests, transaction.atomic():
        yield demo_load()
        transaction.set_rollback(True)


def test_loading_fills_in_what_was_deleted_and_keeps_the_rest():
    User.objects.filter(email="teacher@demo.metodset.ru").delete()
    kept = User.objects.get(email="methodist@demo.metodset.ru")

    summary = demo_load()

    assert "Добавлено сейчас: 0 организаций, 1 человек, 1 роль." in summary
    assert User.objects.get(email="methodist@demo.metodset.ru").pk == kept.pk
    assert User.objects.filter(email="teacher@demo.metodset.ru").exists()


def test_the_same_people_on_every_run_whatever_the_global_random_state():
    random.seed(1)
    first = [(p.email, p.last_name, p.first_name, p.middle_name) for p in demo_people()]
    random.seed(2)
    second = [(p.email, p.last_name, p.first_name, p.middle_name) for p in demo_people()]
    assert first == second
    assert len({email for email, *_ in first}) == len(first)


def test_fixed_logins_work_with_the_demo_password():
    logins = dict((email, role) for role, email in demo_logins())
    for email in (
        "coordinator@demo.metodset.ru",
        "teacher@demo.metodset.ru",
        "methodist@demo.metodset.ru",
        "admin@demo.metodset.ru",
    ):
        assert email in logins
    for email in logins:
        assert authenticate(username=email, password="demo12345") is not None, email
    assert authenticate(username="teacher@demo.metodset.ru", password="wrong") is None


def test_fixed_logins_hold_the_roles_they_are_named_for():
    network = Network.objects.get(name="Учитель в цифровой образовательной среде")

    def roles(email):
        return {
            (m.role, m.organization.kind if m.organization else "network")
            for m in Membership.objects.filter(user__email=email).select_related("organization")
        }

    coordinator = User.objects.get(email="coordinator@demo.metodset.ru")
    assert coordinator.get_full_name() == "Смирнова Ольга Ивановна"
    assert (Role.NETWORK_COORDINATOR, "network") in roles(coordinator.email)
    assert Membership.objects.get(user=coordinator, network__isnull=False).network == network
    assert roles("teacher@demo.metodset.ru") == {(Role.TEACHER, "school")}
    assert roles("methodist@demo.metodset.ru") == {(Role.METHODIST, "school")}
    assert (Role.EXPERT, "network") in roles("expert@demo.metodset.ru")
    assert (Role.COUNCIL_MEMBER, "network") in roles("council@demo.metodset.ru")
    admin = User.objects.get(email="admin@demo.metodset.ru")
    assert admin.is_superuser and admin.is_staff


def test_coordinator_logs_in_and_sees_the_network(client):
    response = client.post(
        "/login/", {"username": "coordinator@demo.metodset.ru", "password": "demo12345"}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert "Ольга Ивановна" in home.content.decode()
    assert "Учитель в цифровой образовательной среде" in home.content.decode()


def test_regions_lie_in_three_time_zones_and_people_live_in_their_region():
    assert set(Region.objects.values_list("name", "time_zone")) == {
        ("Калининградская область", "Europe/Kaliningrad"),
        ("Челябинская область", "Asia/Yekaterinburg"),
        ("Камчатский край", "Asia/Kamchatka"),
    }
    memberships = Membership.objects.filter(organization__isnull=False).select_related(
        "user", "organization__region"
    )
    for m in memberships:
        assert m.user.time_zone == m.organization.region.time_zone, m.user.email


def test_names_agree_in_gender():
    people = list(User.objects.all())
    genders = {gender_from_patronymic(p.middle_name) for p in people}
    assert genders == {"female", "male"}
    for p in people:
        if gender_from_patronymic(p.middle_name) == "female":
            assert p.first_name in data.FEMALE_FIRST_NAMES, p.get_full_name()
            assert p.last_name.endswith(("а", "я")), p.get_full_name()
        else:
            assert p.first_name in data.MALE_FIRST_NAMES, p.get_full_name()
            assert not p.last_name.endswith(("а", "я")), p.get_full_name()


def test_people_have_posts_experience_and_consent():
    staff = User.objects.filter(memberships__organization__isnull=False).distinct()
    assert staff.count() == 152
    for person in staff:
        assert person.position and person.specialisation, person.email
        assert 1 <= person.experience_years <= 36, person.email
        assert person.consent_given_at is not None
        assert person.consent_version == "2025-09-01"
        assert person.email.endswith("@demo.metodset.ru")
    positions = set(staff.values_list("position", flat=True))
    assert {"учитель начальных классов", "воспитатель", "учитель-логопед"} <= positions


def test_every_organisation_has_a_head_a_methodist_and_a_valid_inn():
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert kinds == {"school", "kindergarten", "college", "methodical_centre", "institute"}
    for org in Organization.objects.all():
        roles = list(org.memberships.values_list("role", flat=True))
        assert roles.count(Role.MANAGER) == 1, org
        assert Role.METHODIST in roles, org
        assert inn_checksum_ok(org.inn), org.inn
        assert org.website.startswith("https://")
        assert org.city


def test_network_has_a_lead_a_council_and_experts():
    network = Network.objects.get(name="Учитель в цифровой образовательной среде")
    assert network.lead_organization.short_name == "МОУ «Гимназия № 53»"
    assert network.partners.count() == 12
    roles = list(network.memberships.values_list("role", flat=True))
    assert roles.count(Role.NETWORK_COORDINATOR) == 1
    assert roles.count(Role.COUNCIL_MEMBER) == 6
    assert roles.count(Role.EXPERT) == 7


def test_a_finished_internship_whose_completers_hold_certificates_one_revoked(client):
    from metodset.certificates.models import Certificate, Issuer, Kind
    from metodset.demo.programs import FINISHED_TITLE
    from metodset.programs.models import Program
    from metodset.programs.services.completion import completion

    program = Program.objects.get(title=FINISHED_TITLE)
    assert program.status == Program.Status.FINISHED
    assert program.hours == 72
    rows = completion(program=program)
    eligible = {r.user.pk for r in rows if r.eligible}
    assert len(rows) == 16 and 12 <= len(eligible) < 16
    certificates = Certificate.objects.filter(program=program, kind=Kind.DEVELOPMENT)
    valid = set(certificates.filter(status="valid").values_list("user_id", flat=True))
    assert valid == eligible
    revoked = certificates.get(status="revoked")
    assert revoked.user_id not in eligible  # its attendance was corrected
    assert revoked.revoke_reason.startswith("Выдан ошибочно: стажёр не завершил программу")
    assert all(c.workplace and c.pdf for c in certificates)

    issuer = Issuer.objects.get(organization__short_name="МОУ «Гимназия № 53»")
    assert issuer.city == "Магнитогорск" and issuer.logo
    [signatory] = issuer.signatories.all()
    assert (signatory.full_name, signatory.position) == ("И. П. Смирнова", "Директор")
    assert signatory.facsimile

    client.post("/login/", {"username": "teacher@demo.metodset.ru", "password": "demo12345"})
    mine = client.get("/api/certificates/mine").json()["items"]
    assert {(c["kind"], c["status"]) for c in mine} == {
        ("development", "valid"),
        ("participation", "valid"),
    }
    assert client.get("/certificates/mine/").status_code == 200
    client.logout()
    client.post("/login/", {"username": "coordinator@demo.metodset.ru", "password": "demo12345"})
    registry = client.get("/api/certificates", {"status": "revoked"}).json()
    assert [c["id"] for c in registry["items"]] == [revoked.pk]


def test_two_campaigns_whose_deficits_improve_and_routes_in_every_state(client):
    from metodset.diagnostics.models import Campaign, CompetencyScore
    from metodset.routes.models import Route, Step

    autumn, spring = Campaign.objects.filter(network__isnull=False, status="closed").order_by(
        "starts_on"
    )
    assert autumn.starts_on.month == 10 and spring.starts_on.month == 4

    def deficits(campaign):
        rows = CompetencyScore.objects.filter(campaign=campaign, deficit=True)
        counts: dict[int, int] = {}
        for user_id in rows.values_list("participant__user_id", flat=True):
            counts[user_id] = counts.get(user_id, 0) + 1
        return counts

    before, after = deficits(autumn), deficits(spring)
    improved = [u for u, n in before.items() if after.get(u, 0) < n]
    assert len(improved) >= len(before) // 3
    assert sum(after.values()) < sum(before.values())
    current = Campaign.objects.get(status="open")
    assert current.participants.filter(self_done_at__isnull=False).count() >= 5
    assert not current.participants.filter(
        user__email="teacher@demo.metodset.ru", self_done_at__isnull=False
    ).exists()

    statuses = set(Route.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "approved"}
    assert Step.objects.filter(status=Step.Status.DONE).exclude(evidence_text="").exists()
    assert not Route.objects.filter(user__email="teacher@demo.metodset.ru").exists()
    client.post("/login/", {"username": "methodist@demo.metodset.ru", "password": "demo12345"})
    school = Organization.objects.get(short_name="МБОУ «СОШ № 161»")
    board = client.get(f"/routes/org/{school.pk}/board/")
    assert board.status_code == 200
    body = board.content.decode()
    assert 'data-state="done"' in body and 'data-state="overdue"' in body
    client.logout()
    client.post("/login/", {"username": "teacher@demo.metodset.ru", "password": "demo12345"})
    profile = client.get("/diagnostics/profile/")
    assert profile.context["profile"].previous_campaign == autumn


def test_the_running_internship_has_a_cohort_feed_with_two_teams_videos_shared(client):
    from metodset.demo.programs import INTERNSHIP_TITLE
    from metodset.programs.models import CohortPost, Program, ProgramMember

    program = Program.objects.get(title=INTERNSHIP_TITLE)
    posts = CohortPost.objects.filter(program=program)
    videos = posts.filter(kind=CohortPost.Kind.VIDEO).select_related("version", "team")
    assert posts.filter(kind=CohortPost.Kind.POST).count() == 3
    assert sorted(v.team.number for v in videos) == [1, 2]
    hosts = sorted(v.version.video_url.split("/")[2] for v in videos)
    assert hosts == ["rutube.ru", "vkvideo.ru"]
    # an intern of a team that shared nothing sees both videos in the feed
    intern = (
        ProgramMember.objects.filter(program=program, role="intern", team__number=3)
        .select_related("user")
        .first()
    )
    client.force_login(intern.user)
    page = client.get(f"/programs/{program.pk}/cohort/").content.decode()
    assert all(v.version.video_url in page for v in videos)
