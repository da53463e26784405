"""Writes of conferences: creation with its call for papers, sections, defences in slots, the
defence run with the programme's live-session timer, the jury's protocols, the proceedings and
articles included in them or in the library."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record
from metodset.accounts.models import Network, Organization, User
from metodset.library import services as library
from metodset.library.models import Material
from metodset.programs.models import LiveSession, Program, ProgramMember, Team
from metodset.programs.services import sessions as live
from metodset.programs.services.errors import ProgramError

from .. import protocol as protocol_pdf
from ..compilation import Compilation, Part, render_pdf
from ..models import (
    Campaign,
    Conference,
    Defence,
    DefenceProtocol,
    DefenceScore,
    Item,
    ItemAuthor,
    Rubric,
    Section,
)
from ..selectors import conference as selectors
from ..selectors.collective import author_name


class ConferenceError(ValueError):
    """The conference can't do what was asked; the message says why, in Russian."""


@transaction.atomic
def conference_create(
    *,
    network: Network,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    by: User,
    rubric: Rubric,
    organization: Organization | None = None,
    program: Program | None = None,
    description: str = "",
    place: str = "",
    online_url: str = "",
    defence_required: bool = False,
) -> Conference:
    """A conference with its call for papers: a campaign of conference papers on the rubric."""
    if ends_at < starts_at:
        raise ConferenceError(_("The conference ends before it starts."))
    call = Campaign.objects.create(
        title=_("Call for papers: %(title)s") % {"title": title},
        kind=Campaign.Kind.CONFERENCE,
        network=network,
        organization=organization,
        program=program,
        rubric=rubric,
        status=Campaign.Status.OPEN,
        submissions_until=starts_at,
        created_by=by,
    )
    conference = Conference.objects.create(
        network=network,
        organization=organization,
        program=program,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        call_for_papers=call,
        defence_required=defence_required,
        created_by=by,
    )
    audit_record(actor=by, action="conference.create", target=conference)
    return conference


@transaction.atomic
def conference_publish(*, conference: Conference, by: User) -> Conference:
    """The programme is shown to the network's members."""
    if conference.published_at is None:
        conference.published_at = timezone.now()
        conference.save(update_fields=["published_at"])
        audit_record(actor=by, action="conference.publish", target=conference)
    return conference


@transaction.atomic
def section_add(
    *,
    conference: Conference,
    title: str,
    by: User,
    moderator: User | None = None,
    jury: Sequence[User] = (),
    rubric: Rubric | None = None,
    room: str = "",
    online_url: str = "",
) -> Section:
    order = conference.sections.count()
    section = Section.objects.create(
        conference=conference,
        title=title,
        moderator=moderator,
        rubric=rubric,
        room=room,
        online_url=online_url,
        order=order,
    )
    section.jury.set(jury)
    audit_record(actor=by, action="conference.section_add", target=section)
    return section


@transaction.atomic
def defence_schedule(
    *,
    section: Section,
    item: Item,
    starts_at: datetime,
    by: User,
    talk_minutes: int = 7,
    questions_minutes: int = 3,
    speakers: Sequence[ItemAuthor] = (),
) -> Defence:
    """A defence of the item in the section at the slot; slots of a section never overlap."""
    conference = section.conference
    if item.campaign.network_id != conference.network_id:
        raise ConferenceError(_("The development is not one of this network's works."))
    if not 1 <= talk_minutes <= 60 or questions_minutes > 60:
        raise ConferenceError(_("A talk lasts from 1 to 60 minutes, questions up to 60."))
    if any(author.item_id != item.pk for author in speakers):
        raise ConferenceError(_("Speakers are chosen among the development's authors."))
    ends_at = starts_at + timedelta(minutes=talk_minutes + questions_minutes)
    for other in section.defences.select_for_update():
        other_end = other.starts_at + timedelta(
            minutes=other.talk_minutes + other.questions_minutes
        )
        if starts_at < other_end and other.starts_at < ends_at:
            raise ConferenceError(
                _("The slot overlaps the defence «%(title)s».") % {"title": other.item.title}
            )
    defence = Defence.objects.create(
        section=section,
        item=item,
        starts_at=starts_at,
        talk_minutes=talk_minutes,
        questions_minutes=questions_minutes,
    )
    defence.speakers.set(speakers or list(item.authors.all()))
    audit_record(actor=by, action="conference.defence_schedule", target=defence)
    return defence


def _team_of(defence: Defence, program: Program) -> Team | None:
    team = defence.item.team
    if team is not None and team.program_id == program.pk:
        return team
    users = [a.user_id for a in defence.speakers.all() if a.user_id] or [
        a.user_id for a in defence.item.authors.all() if a.user_id
    ]
    member = (
        ProgramMember.objects.filter(program=program, user_id__in=users, team__isnull=False)
        .select_related("team")
        .first()
    )
    return member.team if member else None


@transaction.atomic
def defence_start(*, defence: Defence, by: User) -> LiveSession:
    """Run the defence with the programme's live-session timer and question queue: a session
    of the speaker's team under the defence's minutes, started at once (the same one again if
    it was started before)."""
    if defence.session is not None:
        return defence.session
    program = defence.section.conference.program
    stage = program.stages.order_by("-order", "-pk").first() if program else None
    team = _team_of(defence, program) if program else None
    if stage is None or team is None:
        raise ConferenceError(
            _(
                "The timer runs for defences of a programme's trainees in its teams; "
                "hold this defence without it."
            )
        )
    try:
        session = live.session_create_for_teams(
            stage=stage,
            teams=[team],
            title=defence.item.title[:300],
            talk_seconds=defence.talk_minutes * 60,
            questions_seconds=defence.questions_minutes * 60,
        )
        session = live.session_start(session=session)
    except ProgramError as error:
        raise ConferenceError(str(error)) from error
    defence.session = session
    defence.save(update_fields=["session"])
    audit_record(actor=by, action="conference.defence_start", target=defence)
    return session


@transaction.atomic
def defence_mark(*, defence: Defence, status: str, by: User) -> Defence:
    """Held or the speaker absent (or planned again, for a wrong click)."""
    if status not in Defence.Status.values:
        raise ConferenceError(_("Unknown status of a defence."))
    if status == Defence.Status.ABSENT and defence.protocols.exists():
        raise ConferenceError(_("The jury has filled protocols: the defence was held."))
    defence.status = status
    defence.save(update_fields=["status"])
    audit_record(actor=by, action="conference.defence_mark", target=defence)
    return defence


def result_of(decisions: Sequence[str]) -> str:
    """Passed when more than half of the protocols say so; "" without protocols."""
    if not decisions:
        return ""
    passed = sum(1 for d in decisions if d == Defence.Result.PASSED)
    return Defence.Result.PASSED if 2 * passed > len(decisions) else Defence.Result.FAILED


@transaction.atomic
def protocol_save(
    *,
    defence: Defence,
    juror: User,
    scores: Mapping[int, int],
    decision: str,
    comment: str = "",
) -> DefenceProtocol:
    """A juror's scores (criterion id → score) and decision; saving again replaces them. The
    defence is then held, and its result is the jury's majority."""
    defence = Defence.objects.select_for_update().get(pk=defence.pk)
    if defence.status == Defence.Status.ABSENT:
        raise ConferenceError(_("The speaker was absent: there is nothing to score."))
    if decision not in Defence.Result.values:
        raise ConferenceError(_("Choose the decision."))
    rubric = selectors.rubric_of(defence.section)
    criteria = list(rubric.criteria.order_by("order", "pk")) if rubric else []
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None or not 0 <= score <= criterion.max_score:
            raise ConferenceError(
                _("Score «%(criterion)s» from 0 to %(max)s.")
                % {"criterion": criterion.title, "max": criterion.max_score}
            )
    protocol, _created = DefenceProtocol.objects.update_or_create(
        defence=defence,
        juror=juror,
        defaults={"decision": decision, "comment": comment.strip(), "saved_at": timezone.now()},
    )
    protocol.scores.all().delete()
    DefenceScore.objects.bulk_create(
        DefenceScore(protocol=protocol, criterion=c, score=scores[c.pk]) for c in criteria
    )
    decisions = list(defence.protocols.values_list("decision", flat=True))
    defence.status = Defence.Status.HELD
    defence.result = result_of(decisions)
    defence.save(update_fields=["status", "result"])
    audit_record(actor=juror, action="conference.protocol_save", target=defence)
    return protocol


def protocol_document(defence: Defence) -> protocol_pdf.Protocol:
    """The protocol of the defence: every juror's scores and decision."""
    section = defence.section
    rubric = selectors.rubric_of(section)
    criteria = list(rubric.criteria.order_by("order", "pk")) if rubric else []
    jurors = []
    for each in selectors.protocols(defence):
        by_criterion = {s.criterion_id: s.score for s in each.scores.all()}
        jurors.append(
            protocol_pdf.JurorColumn(
                name=each.juror.initials_name,
                scores=[float(by_criterion.get(c.pk, 0)) for c in criteria],
                decision=str(Defence.Result(each.decision).label),
                comment=each.comment,
            )
        )
    local = timezone.localtime(defence.starts_at)
    return protocol_pdf.Protocol(
        conference=section.conference.title,
        section=section.title,
        date=date_format(local, "j E Y, H:i"),
        speakers=selectors.speakers_line(defence),
        topic=defence.item.title,
        rubric=rubric.title if rubric else "—",
        criteria=[(c.title, float(c.max_score)) for c in criteria],
        jurors=jurors,
        result=str(Defence.Result(defence.result).label) if defence.result else "",
    )


def protocol_render(defence: Defence) -> bytes:
    return protocol_pdf.render_pdf(protocol_document(defence))


# --- proceedings and articles ---------------------------------------------------------------


def _authors(item: Item) -> str:
    names = []
    for author in item.authors.select_related("user", "organization").order_by("pk"):
        name = author_name(author)
        names.append(f"{name} ({author.organization.short_name})" if author.organization else name)
    return ", ".join(names)


def proceedings_compilation(conference: Conference, *, version: int) -> Compilation:
    parts = []
    for item in selectors.papers_accepted(conference):
        latest = item.versions.order_by("-number").first()
        parts.append(
            Part(
                title=item.title,
                authors=_authors(item),
                annotation=item.description,
                text=latest.text if latest else "",
                attachments=[latest.url] if latest and latest.url else [],
            )
        )
    publisher = conference.organization or conference.network
    city = conference.organization.city if conference.organization else ""
    year = str(timezone.localtime(conference.starts_at).year)
    return Compilation(
        title=conference.title,
        kind=_("Proceedings of the conference"),
        publisher=str(publisher),
        place_and_year=f"{city}, {year}" if city else year,
        version=version,
        introduction=conference.description,
        parts=parts,
    )


@transaction.atomic
def proceedings_compile(*, conference: Conference, by: User) -> Conference:
    """The accepted papers and included articles into one PDF with contents and authors."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    compilation = proceedings_compilation(conference, version=conference.proceedings_version + 1)
    if not compilation.parts:
        raise ConferenceError(_("There is no accepted paper to compile yet."))
    pdf = render_pdf(compilation)
    conference.proceedings_version += 1
    conference.proceedings.save(
        f"proceedings-{conference.pk}-v{conference.proceedings_version}.pdf",
        ContentFile(pdf),
        save=False,
    )
    conference.save(update_fields=["proceedings", "proceedings_version"])
    audit_record(
        actor=by,
        action="conference.proceedings_compile",
        target=conference,
        changes={
            "version": [conference.proceedings_version - 1 or None, conference.proceedings_version]
        },
    )
    return conference


@transaction.atomic
def proceedings_publish(*, conference: Conference, by: User) -> Material:
    """The compiled proceedings into the library as a collection material."""
    if not conference.proceedings:
        raise ConferenceError(_("Compile the proceedings before publishing them."))
    material = library.material_create(
        by=by,
        title=conference.title[:300],
        kind=Material.Kind.COLLECTION,
        description=conference.description[:2000],
        organization=conference.organization,
        network=conference.network,
        visibility=Material.Visibility.NETWORK,
        published=True,
        file=File(
            conference.proceedings.open("rb"),
            name=f"{conference.title[:80]} v{conference.proceedings_version}.pdf",
        ),
    )
    conference.proceedings_material = material
    conference.save(update_fields=["proceedings_material"])
    audit_record(actor=by, action="conference.proceedings_publish", target=conference)
    return material


@transaction.atomic
def article_include(*, item: Item, by: User, conference: Conference | None = None) -> Item:
    """An accepted article into a conference's proceedings, or (without one) into the library."""
    if item.status != Item.Status.ACCEPTED:
        raise ConferenceError(_("Only an accepted article can be included."))
    if conference is not None:
        if conference.network_id != item.campaign.network_id:
            raise ConferenceError(_("The conference is of another network."))
        conference.articles.add(item)
        audit_record(actor=by, action="conference.article_include", target=conference)
        return item
    if item.material_id is not None:
        raise ConferenceError(_("The article is already in the library."))
    latest = item.versions.order_by("-number").first()
    material = library.material_create(
        by=by,
        title=item.title,
        kind=Material.Kind.ARTICLE,
        description=(item.description or (latest.text if latest else ""))[:2000],
        authors=_authors(item)[:500],
        url=latest.url if latest else "",
        network=item.campaign.network,
        visibility=Material.Visibility.NETWORK,
        published=True,
        file=(
            File(latest.file.open("rb"), name=str(latest.file.name).rsplit("/", 1)[-1])
            if latest is not None and latest.file
            else None
        ),
    )
    item.material = material
    item.save(update_fields=["material"])
    audit_record(actor=by, action="conference.article_publish", target=item)
    return item
