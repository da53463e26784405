"""Reads of conferences: the programme by sections, a section's defences, the rubric of a
section, the accepted papers for the proceedings, and the completion condition of a programme."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from metodset.accounts.models import User
from metodset.programs.models import Program, ProgramMember
from metodset.programs.services.completion import Check, MemberCheck

from ..models import (
    Campaign,
    Conference,
    Defence,
    DefenceProtocol,
    Item,
    ItemAuthor,
    Rubric,
    Section,
)
from .collective import author_name


def defences(section: Section) -> QuerySet[Defence]:
    """The section's defences in the order of their slots, with the item and speakers."""
    speakers = ItemAuthor.objects.select_related("user", "organization").order_by("pk")
    return (
        section.defences.select_related("item", "session")
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .order_by("starts_at", "pk")
    )


def programme(conference: Conference) -> list[tuple[Section, list[Defence]]]:
    """Every section in order with its defences in the order of their slots."""
    return [
        (section, list(defences(section)))
        for section in conference.sections.select_related("moderator").order_by("order", "pk")
    ]


def speakers_line(defence: Defence) -> str:
    """The speakers (the item's authors when none were named): «Иванова М. П., Петров И. С.»."""
    chosen = list(defence.speakers.all())
    if not chosen:
        chosen = list(defence.item.authors.select_related("user").order_by("pk"))
    return ", ".join(author_name(author) for author in chosen)


def rubric_of(section: Section) -> Rubric | None:
    """The section's rubric, else the call for papers' rubric."""
    if section.rubric_id is not None:
        return section.rubric
    call = section.conference.call_for_papers
    return call.rubric if call is not None else None


def protocols(defence: Defence) -> list[DefenceProtocol]:
    return list(defence.protocols.select_related("juror").prefetch_related("scores").order_by("pk"))


def jury(section: Section) -> list[User]:
    """The moderator first, then the jury by name."""
    people = list(section.jury.order_by("last_name", "first_name", "pk"))
    if section.moderator is not None and section.moderator not in people:
        people.insert(0, section.moderator)
    return people


def papers_accepted(conference: Conference) -> list[Item]:
    """The recommended papers of the call, then the articles included, each once, in order."""
    found: list[Item] = []
    if conference.call_for_papers_id is not None:
        found += list(
            Item.objects.filter(
                campaign_id=conference.call_for_papers_id, status=Item.Status.ACCEPTED
            ).order_by("pk")
        )
    seen = {item.pk for item in found}
    found += [item for item in conference.articles.order_by("pk") if item.pk not in seen]
    return found


def articles_to_include(user: User) -> QuerySet[Item]:
    """Accepted articles the user's conferences may take (for the include action's choices)."""
    return Item.objects.filter(
        campaign__kind=Campaign.Kind.ARTICLES, status=Item.Status.ACCEPTED
    ).select_related("campaign")


# --- completion: «для завершения нужна успешная защита» ---------------------------------------


def defence_condition(program: Program, user_ids: list[int]) -> MemberCheck | None:
    """The completion condition of a programme whose conference requires a passed defence: an
    intern is complete only as an author of a development whose defence passed."""
    conferences = Conference.objects.filter(program=program, defence_required=True)
    if not conferences.exists():
        return None
    passed = set(
        ItemAuthor.objects.filter(
            user_id__in=user_ids,
            item__defences__section__conference__in=conferences,
            item__defences__result=Defence.Result.PASSED,
        ).values_list("user_id", flat=True)
    )

    def check(member: ProgramMember) -> Check:
        met = member.user_id in passed
        return Check(
            None,
            met,
            _("the development is defended at the conference")
            if met
            else _("the development is not defended at the conference yet"),
        )

    return check


@dataclass(frozen=True)
class DefenceRow:
    defence: Defence
    speakers: str
    mine: bool  # the viewer has filled a protocol of it


def section_rows(section: Section, viewer: User) -> list[DefenceRow]:
    mine = set(
        DefenceProtocol.objects.filter(defence__section=section, juror=viewer).values_list(
            "defence_id", flat=True
        )
    )
    return [
        DefenceRow(defence=defence, speakers=speakers_line(defence), mine=defence.pk in mine)
        for defence in defences(section)
    ]
