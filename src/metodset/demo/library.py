"""The library of the demo (seeds 001, 003, 004): the network's e-case «Образование без
границ» and the materials around it.

- About sixty materials of every kind from the network's schools, kindergartens, college and
  institute, each with a generated Word file whose text the search reads, or a video link on
  RuTube or VK Видео; tagged with competencies of the 544н framework and levels of education.
- Most are published to the network (some to everyone, some to their organisation only); a
  few wait for moderation, one is under review, and one of teacher@'s was returned with a
  comment; one draft.
- Quanta of practice with «Хочу научиться» requests (one to teacher@, one of hers answered).
- Model local acts (положение, приказ, регламент) with organisations' adopted acts.
- Marks of use, views and downloads, teacher@'s shelf, one open complaint.

Everything is relative to the day of loading; recognised by the e-case's title, a second load
adds nothing.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from metodset.accounts.models import Membership, Network, Organization, User
from metodset.diagnostics.models import Competency
from metodset.library import services as library
from metodset.library.models import Collection, Complaint, Licence, Material, MaterialUse

from .data import DEMO_DOMAIN

CASE_TITLE = "Образование без границ"
FRAMEWORK = "pedagog-544n"
Kind = Material.Kind

TOPICS = [
    ("функциональной грамотности младших школьников", "noo", "начальное общее образование"),
    ("читательской грамотности на уроках литературы", "ooo", "литература"),
    ("математической грамотности в 5–6 классах", "ooo", "математика"),
    ("естественнонаучной грамотности", "ooo", "биология, химия, физика"),
    ("финансовой грамотности старшеклассников", "soo", "обществознание"),
    ("речевого развития дошкольников", "doo", "речевое развитие"),
    ("познавательного развития детей старшей группы", "doo", "познавательное развитие"),
    ("проектной деятельности учащихся", "ooo", "межпредметные проекты"),
    ("инклюзивного образования детей с ОВЗ", "noo", "инклюзивное образование"),
    ("воспитательной работы классного руководителя", "ooo", "воспитательная работа"),
    ("цифровой образовательной среды на уроке", "soo", "информатика"),
    ("профессиональных проб студентов колледжа", "spo", "профессиональное обучение"),
]
FORMS = {
    Kind.DEVELOPMENT: "Методическая разработка: формирование {}",
    Kind.LESSON_PLAN: "Конспект занятия по развитию {}",
    Kind.TECH_MAP: "Технологическая карта урока: развитие {}",
    Kind.SCENARIO: "Сценарий мероприятия для развития {}",
    Kind.PRESENTATION: "Презентация к семинару о развитии {}",
    Kind.VIDEO: "Видеозапись открытого урока: развитие {}",
    Kind.PROGRAM: "Программа курса внеурочной деятельности для развития {}",
    Kind.ARTICLE: "Статья: опыт формирования {}",
    Kind.RECOMMENDATIONS: "Методические рекомендации по развитию {}",
}
PLAN = [  # (kind, how many)
    (Kind.DEVELOPMENT, 10), (Kind.LESSON_PLAN, 7), (Kind.TECH_MAP, 7), (Kind.SCENARIO, 4),
    (Kind.PRESENTATION, 4), (Kind.VIDEO, 5), (Kind.PROGRAM, 3), (Kind.ARTICLE, 4),
    (Kind.RECOMMENDATIONS, 4),
]  # fmt: skip
ANNOTATION = (
    "Материал адресован педагогам, которые работают над развитием {topic}. "
    "Описаны цели, этапы и приёмы работы, критерии оценивания и типичные затруднения учителей. "
    "Разработка прошла апробацию в {org} и обсуждалась на методическом объединении."
)
BODY = (
    "Пояснительная записка. Актуальность темы связана с требованиями ФГОС и результатами "
    "мониторинга: дети испытывают затруднения при работе с текстом и в применении знаний в "
    "новой ситуации. Цель: создать условия для развития {topic}. Задачи: подобрать задания, "
    "организовать работу в группах, провести рефлексию. Ход работы: мотивация, актуализация, "
    "работа с заданием, обсуждение, самооценка. Результаты: учителя отметили рост интереса "
    "учащихся и умения объяснять своё решение."
)
QUANTA = [
    (
        "Приём «Толстые и тонкие вопросы» за 15 минут",
        "учителя начальных классов",
        "Дети учатся задавать вопросы к тексту и отличают простые вопросы от проблемных.",
        15,
    ),
    (
        "Утренний круг в старшей группе",
        "воспитатели ДОО",
        "Дети договариваются о планах дня и учатся слушать друг друга.",
        20,
    ),
    (
        "Ментальная карта на уроке истории",
        "учителя основной школы",
        "Ученики сами строят схему темы и видят связи событий.",
        20,
    ),
    (
        "Взаимопроверка по критериям в 6 классе",
        "учителя математики",
        "Ученики проверяют решения друг друга по чек-листу и объясняют ошибки.",
        15,
    ),
    (
        "Кейс-задача по финансовой грамотности",
        "учителя обществознания",
        "Старшеклассники считают семейный бюджет на реальных ценах.",
        20,
    ),
    (
        "Лэпбук по сказке в подготовительной группе",
        "воспитатели ДОО",
        "Дети пересказывают сказку по собственной папке-раскладушке.",
        20,
    ),
]
ACTS = [
    (Kind.ACT_REGULATION, "Положение о профессиональном обучающемся сообществе педагогов"),
    (Kind.ACT_ORDER, "Приказ об организации сетевой стажировки педагогов"),
    (Kind.ACT_PROCEDURE, "Регламент экспертизы методических разработок"),
]
VIDEO_LINKS = [
    "https://rutube.ru/video/1f0c2a9d3b4e4f5a8c7d6e5f4a3b2c1d/",
    "https://vkvideo.ru/video-21756_456239101",
    "https://rutube.ru/video/8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d/",
    "https://vkvideo.ru/video-21756_456239187",
    "https://rutube.ru/video/5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b/",
]


def demo_library_load(
    *, network: Network, organizations: dict[str, Organization]
) -> tuple[str, int]:
    """Create the demo's library where missing; a Russian line and how many were made."""
    if Collection.objects.filter(kind=Collection.Kind.CASE, title=CASE_TITLE).exists():
        return ("Библиотека: уже загружена.", 0)
    with transaction.atomic():
        made = _load(network, organizations)
    return (
        f"Библиотека: электронный кейс «{CASE_TITLE}», {made} материалов — разработки, "
        "конспекты, технологические карты, видео, кванты практики с запросами «Хочу "
        "научиться», модельные локальные акты; несколько — на модерации.",
        made,
    )


def _docx(title: str, paragraphs: list[str]) -> ContentFile:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return ContentFile(buffer.getvalue(), name=f"{title[:60].strip(' .:«')}.docx")


def _teachers(organization: Organization) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization=organization, memberships__role=Membership.Role.TEACHER
        )
        .distinct()
        .order_by("pk")[:6]
    )


def _load(network: Network, organizations: dict[str, Organization]) -> int:
    rng = random.Random(20261207)
    now = timezone.now()
    coordinator = User.objects.get(email=f"coordinator@{DEMO_DOMAIN}")
    teacher = User.objects.get(email=f"teacher@{DEMO_DOMAIN}")
    methodist = User.objects.get(email=f"methodist@{DEMO_DOMAIN}")
    competencies = list(
        Competency.objects.filter(framework__slug=FRAMEWORK).order_by("framework__version", "pk")
    )
    orgs = [o for key, o in sorted(organizations.items()) if key != "imc"]
    authors = {o.pk: _teachers(o) or [methodist] for o in orgs}
    case = library.collection_create(
        title=CASE_TITLE,
        by=coordinator,
        network=network,
        kind=Collection.Kind.CASE,
        visibility=Collection.Visibility.PUBLIC,
        description=(
            "Электронный кейс сети: методические разработки, которые помогают преодолеть "
            "профессиональные дефициты педагогов, сгруппированные по компетенциям "
            "профессионального стандарта «Педагог». Каждая разработка прошла модерацию "
            "методистов сети."
        ),
    )
    published: list[Material] = []
    made = 0
    counter = 0
    for kind, how_many in PLAN:
        for _n in range(how_many):
            topic, level, subject = TOPICS[counter % len(TOPICS)]
            counter += 1
            organization = orgs[counter % len(orgs)]
            author = authors[organization.pk][counter % len(authors[organization.pk])]
            title = FORMS[kind].format(topic)
            if counter > len(TOPICS):
                title += f" ({organization.short_name})"
            annotation = ANNOTATION.format(topic=topic, org=organization.short_name)
            body = BODY.format(topic=topic)
            fields: dict[str, Any] = {
                "description": annotation,
                "authors": author.get_full_name(),
                "organization": organization,
                "network": network,
                "audiences": library.audiences_text([level]),
                "subjects": subject,
                "year": now.year - counter % 4,
                "licence": Licence.CC_BY if counter % 3 else Licence.RESERVED,
                "visibility": (
                    Material.Visibility.PUBLIC
                    if counter % 5 == 0
                    else Material.Visibility.ORGANIZATION
                    if counter % 11 == 0
                    else Material.Visibility.NETWORK
                ),
            }
            tags = rng.sample(competencies, k=min(2, len(competencies))) if competencies else []
            if kind == Kind.VIDEO:
                material = library.material_create(
                    by=author, title=title, kind=kind, url=VIDEO_LINKS[counter % 5],
                    competencies=tags, **fields,
                )  # fmt: skip
            else:
                material = library.material_create(
                    by=author, title=title, kind=kind, competencies=tags,
                    file=_docx(title, [annotation, body]), **fields,
                )  # fmt: skip
                Material.objects.filter(pk=material.pk).update(
                    body_text=f"{title}\n{annotation}\n{body}"
                )
            made += 1
            if counter in (7, 19, 31):  # waiting for the moderators
                library.material_submit(material=material, by=author)
                continue
            if counter == 23:
                library.material_submit(material=material, by=author)
                library.material_take(material=material, by=coordinator)
                continue
            if counter == 44:
                continue  # a draft
            library.material_submit(material=material, by=author)
            library.material_publish(material=material, by=coordinator)
            ago = timedelta(days=rng.randint(3, 330))
            Material.objects.filter(pk=material.pk).update(
                created_at=now - ago - timedelta(days=2),
                published_at=now - ago,
                views_count=rng.randint(5, 400),
                downloads_count=rng.randint(0, 120),
            )
            published.append(material)
    # teacher@'s own: one returned with a comment, one published quantum
    returned = library.material_create(
        by=teacher,
        title="Технологическая карта урока окружающего мира «Круговорот воды»",
        kind=Kind.TECH_MAP,
        description="Урок-исследование во 2 классе: дети ставят опыт и объясняют его схемой.",
        authors=teacher.get_full_name(),
        organization=methodist_org(methodist),
        network=network,
        audiences=library.audiences_text(["noo"]),
        subjects="окружающий мир",
        year=now.year,
        visibility=Material.Visibility.NETWORK,
        file=_docx("Круговорот воды", ["Этапы урока, задания, самооценка."]),
        competencies=competencies[:1],
    )
    library.material_submit(material=returned, by=teacher)
    library.material_return(
        material=returned,
        by=coordinator,
        comment=(
            "Добавьте планируемые результаты по ФГОС и критерии самооценки на этапе рефлексии; "
            "укажите источники заданий."
        ),
    )
    made += 1
    quanta = []
    for index, (title, audience, result, minutes) in enumerate(QUANTA):
        organization = orgs[index * 3 % len(orgs)]
        author = teacher if index == 0 else authors[organization.pk][0]
        quantum = library.material_create(
            by=author,
            title=title,
            kind=Kind.QUANTUM,
            description=f"Для кого: {audience}. Что делаем: короткая практика, которую можно "
            "показать коллегам на методическом часе.",
            result=result,
            minutes=minutes,
            authors=author.get_full_name(),
            organization=organization if author != teacher else methodist_org(methodist),
            network=network,
            visibility=Material.Visibility.NETWORK,
            year=now.year,
            url=VIDEO_LINKS[index % 5] if index % 2 else "",
            file=None if index % 2 else _docx(title, [result]),
            competencies=competencies[index % max(1, len(competencies)) :][:1],
        )
        library.material_submit(material=quantum, by=author)
        library.material_publish(material=quantum, by=coordinator)
        quanta.append(quantum)
        made += 1
    # «Хочу научиться»: two colleagues ask teacher@; teacher@ asks another and is answered
    colleagues = [u for u in authors[orgs[1].pk] if u != teacher][:2]
    for colleague in colleagues:
        library.learn_request(
            material=quanta[0], by=colleague, message="Покажете на ближайшем методическом часе?"
        )
    asked = library.learn_request(material=quanta[3], by=teacher, message="Очень нужно для 6 «Б».")
    assert quanta[3].created_by is not None  # made by a teacher just above
    library.learn_answer(
        request=asked,
        by=quanta[3].created_by,
        agree=True,
        answer="В четверг в 15:00, кабинет 21 или онлайн в «Сферум».",
    )
    # model local acts and their adoptions
    for kind, title in ACTS:
        act = library.material_create(
            by=coordinator,
            title=title,
            kind=kind,
            description="Модельный документ сети: организация принимает свой акт на его основе.",
            authors="Координационный совет сети",
            organization=organizations["gim53"],
            network=network,
            visibility=Material.Visibility.NETWORK,
            year=now.year,
            file=_docx(title, ["1. Общие положения.", "2. Порядок работы.", "3. Ответственность."]),
        )
        library.material_submit(material=act, by=coordinator)
        library.material_publish(material=act, by=coordinator)
        made += 1
        for number, key in enumerate(("sch161", "ds12", "lyc18")[: 1 + ACTS.index((kind, title))]):
            library.act_adopt(
                model=act,
                organization=organizations[key],
                by=coordinator,
                title=title,
                order_number=f"{40 + number}-од",
                order_date=timezone.localdate() - timedelta(days=30 + number * 20),
            )
    # the e-case: published network and public materials, under their competencies
    shared = [m for m in published if m.visibility != Material.Visibility.ORGANIZATION]
    for material in shared[:30]:
        library.collection_add(collection=case, material=material)
    # use, shelves, a complaint
    readers = [u for org in orgs for u in authors[org.pk]]
    for material in published[:25]:
        for reader in rng.sample(readers, k=min(3, len(readers))):
            if reader.pk == material.created_by_id:
                continue
            MaterialUse.objects.create(
                material=material,
                person=reader,
                note=rng.choice(
                    [
                        "Провела на уроке в 3 «А», дети справились.",
                        "Использовала фрагмент на занятии кружка.",
                        "Взяли за основу на методическом объединении.",
                        "",
                    ]
                ),
                used_on=timezone.localdate() - timedelta(days=rng.randint(1, 120)),
            )
    for material in published[:4]:
        library.shelf_add(person=teacher, material=material)
    Complaint.objects.create(
        material=published[5],
        person=teacher,
        text="В файле не открывается приложение с заданиями, проверьте, пожалуйста.",
    )
    return made


def methodist_org(methodist: User) -> Organization | None:
    membership = methodist.memberships.filter(organization__isnull=False).first()
    return membership.organization if membership else None
