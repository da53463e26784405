"""The running internship's cohort feed (seed 000): a few posts of interns, a tutor and the
coordinator, two teams' videos of the events they ran for real shared with the whole cohort,
and the coordinator's feedback to a team. Dates are relative to the day the demo is loaded."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from metodset.accounts.models import User
from metodset.programs.models import CohortPost, Program, ProgramMember
from metodset.programs.services import cohort, teamwork

# Two teams already ran their events for real and showed the videos to the cohort (seed 000).
SHARED_VIDEOS = [
    (
        "https://rutube.ru/video/8d2f4b6a1c3e5f7a9b0c2d4e6f8a1b3c/",
        "Онлайн-квест «Путешествие в страну игр»: запись встречи с семьями, 14 минут.",
        "Провели квест с семью семьями — смотрите, как дети сами предлагали правила!",
    ),
    (
        "https://vkvideo.ru/video-218734562_456239041",
        "Онлайн-мастерская «Играем вместе с мамой»: фрагменты, 12 минут.",
        "Наша мастерская для родителей. Будем рады вашим отзывам в комментариях к анкете.",
    ),
]

COHORT_POSTS = [
    (
        "intern",
        "Нашла подборку настольно-печатных игр для онлайн-занятий — пригодится всем командам.",
        "https://disk.yandex.ru/d/igry-online-podborka",
        5,
    ),
    (
        "tutor",
        "Памятка тьютора: как уложиться в регламент защиты (3 минуты на содержание, "
        "2 минуты на вопросы).",
        "",
        4,
    ),
    (
        "coordinator",
        "Напоминаем: после мероприятия выложите видео 10–15 минут и создайте анкету отзывов "
        "для участников — ссылку удобно дать QR-кодом на последнем слайде.",
        "",
        2,
    ),
]


def cohort_feed_load(program: Program, coordinator: User) -> None:
    """A few posts of the cohort feed and two teams' videos of their events, shared."""
    teams = list(program.teams.select_related("tutor").order_by("number"))
    now = timezone.now()
    intern = (
        ProgramMember.objects.filter(program=program, role=ProgramMember.Role.INTERN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    authors = {
        "intern": intern.user if intern else coordinator,
        "tutor": teams[0].tutor if teams and teams[0].tutor else coordinator,
        "coordinator": coordinator,
    }
    for who, text, url, days in COHORT_POSTS:
        post = cohort.cohort_post_create(program=program, by=authors[who], text=text, url=url)
        CohortPost.objects.filter(pk=post.pk).update(shared_at=now - timedelta(days=days))
    video_task = program.stages.get(kind="self_study").assignments.get()
    for hours, (team, (url, about, note)) in enumerate(zip(teams, SHARED_VIDEOS, strict=False)):
        member = team.members.filter(role=ProgramMember.Role.INTERN).select_related("user").first()
        if member is None:
            continue
        work = teamwork.submission_for(assignment=video_task, team=team)
        teamwork.submission_save(submission=work, by=member.user, video_url=url, text=about)
        teamwork.submission_submit(submission=work, by=member.user)
        post = cohort.team_video_share(submission=work, by=member.user, text=note)
        CohortPost.objects.filter(pk=post.pk).update(shared_at=now - timedelta(days=1, hours=hours))
    if teams:
        cohort.feedback_write(
            program=program,
            by=coordinator,
            team=teams[0],
            text="Сильный сценарий и живая запись: дети включены в игру с первых минут. "
            "На итоговой защите покажите, как вы собирали обратную связь родителей.",
        )
