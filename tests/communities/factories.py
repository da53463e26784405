"""Communities, cycles and plans for the communities' tests: real rows, nothing mocked.

Shared by every test module of the app; a module that needs more builds it through the app's
services in its own fixtures.
"""

from __future__ import annotations

from metodset.accounts.models import Membership, Organization, User
from metodset.communities.models import (
    CaseChild,
    Community,
    Cycle,
    Lesson,
    MapStage,
    MapVersion,
    Member,
    MethodicalPlan,
    Prediction,
)

from .. import factories


def kindergarten() -> Organization:
    return factories.organization(
        kind=Organization.Kind.KINDERGARTEN,
        name="Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 12»",
        short_name="МБДОУ «Детский сад № 12»",
    )


def teacher_of(organization: Organization, **fields) -> User:
    return factories.person(organization_=organization, role=Membership.Role.TEACHER, **fields)


def community(
    *,
    organization: Organization | None = None,
    members: list[User] = (),
    chair: User | None = None,
    openness: str = Community.Openness.MEMBERS,
    **fields,
) -> Community:
    """A community of the organisation (a new kindergarten if none) with a chair and members."""
    if organization is None and "network" not in fields:
        organization = kindergarten()
    fields.setdefault("name", "ПОС «Читаем вместе»")
    made = Community.objects.create(organization=organization, openness=openness, **fields)
    if chair is not None:
        Member.objects.create(community=made, user=chair, role=Member.Role.CHAIR)
    for person in members:
        Member.objects.create(community=made, user=person)
    return made


STAGES = [
    ("Мотивация: сюрпризный момент", 3, "Письмо от героя сказки", "Удивление, вопросы"),
    ("Чтение сказки с остановками", 10, "Чтение с прогнозированием", "Предположения детей"),
    ("Беседа по вопросам", 7, "Вопросы к тексту", "Ответы полными предложениями"),
    ("Рефлексия", 5, "«Что было интересно?»", "Оценка своего участия"),
]


def cycle(*, community_: Community, children: tuple[str, ...] = ("Р-1", "Р-2"), **fields) -> Cycle:
    """A cycle with the first version of its map (four stages) and its case children."""
    fields.setdefault("title", "Продуктивное чтение: сказка «Лиса и журавль»")
    fields.setdefault("group", "старшая группа «Б»")
    made = Cycle.objects.create(community=community_, **fields)
    version = MapVersion.objects.create(cycle=made, number=1)
    for order, (title, minutes, activities, expected) in enumerate(STAGES, start=1):
        MapStage.objects.create(
            version=version,
            order=order,
            title=title,
            minutes=minutes,
            activities=activities,
            expected=expected,
        )
    for order, code in enumerate(children):
        CaseChild.objects.create(cycle=made, code=code, order=order)
    return made


def plan(*, organization: Organization, year: int, **fields) -> MethodicalPlan:
    return MethodicalPlan.objects.create(organization=organization, year=year, **fields)


# --- the community's work (analysis, learning plan, meetings): tests/communities/test_work_* --


def work_community(*, members: int = 3, **fields) -> tuple[Community, User, list[User]]:
    """A kindergarten's closed community: its chair and ``members`` other teachers."""
    organization = fields.pop("organization", None) or kindergarten()
    chair = teacher_of(organization, last_name="Орлова", first_name="Наталья")
    others = [teacher_of(organization, last_name=f"Воспитатель{n}") for n in range(members)]
    made = community(organization=organization, chair=chair, members=others, **fields)
    return made, chair, others


# --- observation and analysis (added with the observation pages) ---------------------------------


def lesson(
    *, cycle_: Cycle, stage: str = "observing", teacher: User | None = None, **fields
) -> Lesson:
    """A research lesson taught from the cycle's newest version of the map."""
    version = cycle_.versions.order_by("-number").first()
    fields.setdefault("number", cycle_.lessons.count() + 1)
    return Lesson.objects.create(
        cycle=cycle_, version=version, stage=stage, teacher=teacher, **fields
    )


def predict(*, cycle_: Cycle, texts: dict[tuple[str, int], str]) -> None:
    """Predictions on the first version, by (child's code, stage's order)."""
    version = cycle_.versions.get(number=1)
    for (code, order), text in texts.items():
        Prediction.objects.create(
            stage=version.stages.get(order=order),
            case_child=cycle_.case_children.get(code=code),
            text=text,
        )
