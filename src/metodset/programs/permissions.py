"""Who may do what in a programme.

Coordinators run the programme: the people named coordinators of it, its author, the staff
of the organising organisation and the coordinators of its network. A tutor sees only the
teams they tutor; an intern sees their own team and never another team's drafts.

The access helpers at the end (``<entity>_for_<role>(*, viewer, pk)``) load an object for a
view or an API endpoint, or refuse: 404 to someone who has no part in it, so that even its
existence does not leak, and 403 to a participant who may see it but not do this.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import User
from metodset.core.fields import id_or_none
from metodset.library.models import CollectionItem, Material

from .models import (
    Assignment,
    CohortPost,
    Feedback,
    LiveSession,
    PlanProgress,
    PlanStep,
    Program,
    ProgramMember,
    SessionQuestion,
    Stage,
    Submission,
    SubmissionVersion,
    Team,
    TeamMessage,
)

Role = ProgramMember.Role


def member_roles(user: User, program: Program) -> set[str]:
    """The user's roles in this programme, cached on the user for the request."""
    cache = getattr(user, "_program_roles", None)
    if cache is None:
        cache = {}
        user._program_roles = cache  # type: ignore[attr-defined]
    if program.pk not in cache:
        cache[program.pk] = set(
            ProgramMember.objects.filter(program=program, user=user).values_list("role", flat=True)
        )
    return cache[program.pk]


def can_create_programs(user: User) -> bool:
    return roles.is_active_user(user) and (
        user.is_superuser
        or bool(roles.staff_organization_ids(user))
        or bool(roles.coordinated_network_ids(user))
    )


def can_coordinate(user: User, program: Program) -> bool:
    """Run the programme: scheme, applications, teams, sessions, completion."""
    if not roles.is_active_user(user):
        return False
    if user.is_superuser or program.created_by_id == user.pk:
        return True
    if Role.COORDINATOR in member_roles(user, program):
        return True
    if program.network_id and program.network_id in roles.coordinated_network_ids(user):
        return True
    return program.organizer_id in roles.staff_organization_ids(user)


def is_tutor(user: User, program: Program) -> bool:
    return roles.is_active_user(user) and Role.TUTOR in member_roles(user, program)


def is_intern(user: User, program: Program) -> bool:
    return roles.is_active_user(user) and Role.INTERN in member_roles(user, program)


def can_view_program(user: User, program: Program) -> bool:
    """The programme's inner pages: the scheme, the final case, one's own team."""
    return roles.is_active_user(user) and (
        can_coordinate(user, program) or bool(member_roles(user, program))
    )


def can_view_plan_progress(user: User, progress: PlanProgress) -> bool:
    """A mark on the individual plan with its evidence: the trainee's own, and the coordinators'."""
    if not roles.is_active_user(user):
        return False
    return progress.user_id == user.pk or can_coordinate(user, progress.step.program)


def coordinated_programs(user: User) -> QuerySet[Program]:
    if not roles.is_active_user(user):
        return Program.objects.none()
    if user.is_superuser:
        return Program.objects.all()
    return Program.objects.filter(
        Q(created_by=user)
        | Q(members__user=user, members__role=Role.COORDINATOR)
        | Q(network_id__in=roles.coordinated_network_ids(user))
        | Q(organizer_id__in=roles.staff_organization_ids(user))
    ).distinct()


def my_programs(user: User) -> QuerySet[Program]:
    """Programmes the user takes part in, in any role."""
    if not roles.is_active_user(user):
        return Program.objects.none()
    return Program.objects.filter(members__user=user).distinct()


# --- teams ------------------------------------------------------------------------------


def can_view_team(user: User, team: Team) -> bool:
    """Its members, its tutor and the coordinators."""
    if not roles.is_active_user(user):
        return False
    if team.tutor_id == user.pk or can_coordinate(user, team.program):
        return True
    return ProgramMember.objects.filter(team=team, user=user, role=Role.INTERN).exists()


def can_work_in_team(user: User, team: Team) -> bool:
    """Write in the thread and edit the team's submissions: members and coordinators."""
    if not roles.is_active_user(user):
        return False
    if can_coordinate(user, team.program):
        return True
    return ProgramMember.objects.filter(team=team, user=user, role=Role.INTERN).exists()


def can_review(user: User, team: Team) -> bool:
    """Comment, return and accept the team's work: its tutor and the coordinators."""
    return roles.is_active_user(user) and (
        team.tutor_id == user.pk or can_coordinate(user, team.program)
    )


def visible_teams(user: User, program: Program) -> QuerySet[Team]:
    """Teams of the programme this user may open."""
    teams = Team.objects.filter(program=program)
    if can_coordinate(user, program):
        return teams
    return teams.filter(Q(tutor=user) | Q(members__user=user, members__role=Role.INTERN)).distinct()


def can_view_submission(user: User, submission: Submission) -> bool:
    if submission.team_id:
        assert submission.team is not None
        return can_view_team(user, submission.team)
    if submission.user_id == user.pk:
        return True
    program = submission.assignment.stage.program
    if can_coordinate(user, program):
        return True
    # The tutor of the intern's team reviews personal work too.
    assert submission.user_id is not None  # submission_has_an_author: no team, so an intern
    return ProgramMember.objects.filter(
        program=program, user_id=submission.user_id, role=Role.INTERN, team__tutor=user
    ).exists()


# --- the cohort's shared space ---------------------------------------------------------


def visible_cohort_posts(user: User, program: Program) -> QuerySet[CohortPost]:
    """The programme's feed for its interns, tutors and coordinators; nothing for anyone else.

    A team's video is in the feed only once the team shares it: sharing makes its post, so
    every post of the programme is the cohort's to see."""
    if not can_view_program(user, program):
        return CohortPost.objects.none()
    return CohortPost.objects.filter(program=program)


def cohort_post_remover(user: User, program: Program) -> Callable[[CohortPost], bool]:
    """Who may take a post off the feed, as a test of one post made once for a whole page:
    its author and the coordinators; a shared video also by its team's interns."""
    if not roles.is_active_user(user):
        return lambda post: False
    if can_coordinate(user, program):
        return lambda post: True
    own_teams = set(
        ProgramMember.objects.filter(
            program=program, user=user, role=Role.INTERN, team__isnull=False
        ).values_list("team_id", flat=True)
    )
    return lambda post: (
        post.author_id == user.pk or (post.team_id is not None and post.team_id in own_teams)
    )


def can_remove_cohort_post(user: User, post: CohortPost) -> bool:
    return cohort_post_remover(user, post.program)(post)


def visible_feedback(user: User, team: Team) -> QuerySet[Feedback]:
    """The coordinators' feedback to a team and its interns as the viewer may read it: the
    team's to everyone who may open the team, an intern's to herself, her tutor and the
    coordinators."""
    if not can_view_team(user, team):
        return Feedback.objects.none()
    feedback = Feedback.objects.filter(program_id=team.program_id)
    interns = ProgramMember.objects.filter(team=team, role=Role.INTERN).values("user_id")
    if can_review(user, team):
        return feedback.filter(Q(team=team) | Q(intern_id__in=interns))
    return feedback.filter(Q(team=team) | Q(intern=user))


# --- live sessions ----------------------------------------------------------------------


def can_run_session(user: User, session: LiveSession) -> bool:
    return can_coordinate(user, session.stage.program)


def can_join_session(user: User, session: LiveSession) -> bool:
    """See the session and send questions: anyone in the programme."""
    return can_view_program(user, session.stage.program)


# --- access helpers ---------------------------------------------------------------------


def _program(pk: int) -> Program:
    program = (
        Program.objects.select_related("organizer__region", "network", "final_case")
        .filter(pk=pk)
        .first()
    )
    if program is None:
        raise Http404
    return program


def program_for_member(*, viewer: User, pk: int) -> Program:
    """404 if missing or the viewer has no part in it."""
    program = _program(pk)
    if not can_view_program(viewer, program):
        raise Http404
    return program


def program_for_coordinator(*, viewer: User, pk: int) -> Program:
    """404 if the viewer has no part in it, 403 if they take part but do not run it."""
    program = _program(pk)
    if not can_coordinate(viewer, program):
        if can_view_program(viewer, program):
            raise PermissionDenied
        raise Http404
    return program


def team_for_member(*, viewer: User, pk: int) -> Team:
    """A team for its interns, its tutor and the coordinators; 404 for anyone else."""
    team = Team.objects.select_related("program", "tutor").filter(pk=pk).first()
    if team is None or not can_view_team(viewer, team):
        raise Http404
    return team


def team_for_reviewer(*, viewer: User, pk: int) -> Team:
    """A team for its tutor and the coordinators; 404 to outsiders, 403 to its interns."""
    team = team_for_member(viewer=viewer, pk=pk)
    if not can_review(viewer, team):
        raise PermissionDenied
    return team


def _session(pk: int) -> LiveSession:
    session = LiveSession.objects.select_related("stage__program", "event").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def session_for_participant(*, viewer: User, pk: int) -> LiveSession:
    """404 unless the viewer takes part in the session's programme."""
    session = _session(pk)
    if not can_join_session(viewer, session):
        raise Http404
    return session


def session_for_coordinator(*, viewer: User, pk: int) -> LiveSession:
    """404 for outsiders; 403 for participants who do not run the programme."""
    session = _session(pk)
    if not can_run_session(viewer, session):
        if can_join_session(viewer, session):
            raise PermissionDenied
        raise Http404
    return session


def session_for_screen(*, token: str) -> LiveSession:
    """The session shown on the projector: the screen's token is the key, no login needed."""
    session = (
        LiveSession.objects.select_related("stage__program").filter(screen_token=token).first()
    )
    if session is None:
        raise Http404
    return session


def personal_assignment_for_intern(*, viewer: User, pk: int) -> Assignment:
    """A personal assignment for an intern of its programme; 404 for anyone else."""
    assignment = (
        Assignment.objects.select_related("stage__program")
        .filter(pk=pk, scope=Assignment.Scope.PERSON)
        .first()
    )
    if assignment is None or not is_intern(viewer, assignment.stage.program):
        raise Http404
    return assignment


def version_for_viewer(*, viewer: User, pk: int) -> SubmissionVersion:
    """A version of a submission for those who may see the submission; 404 for anyone else."""
    version = (
        SubmissionVersion.objects.select_related(
            "submission__assignment__stage__program", "submission__team__program"
        )
        .filter(pk=pk)
        .first()
    )
    if version is None or not can_view_submission(viewer, version.submission):
        raise Http404
    return version


def cohort_post_for_member(*, viewer: User, program_id: int, pk: int) -> CohortPost:
    """A post of the feed of the viewer's programme; 404 to anyone else."""
    program = program_for_member(viewer=viewer, pk=program_id)
    post = (
        visible_cohort_posts(viewer, program)
        .select_related("team", "version")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    post.program = program
    return post


def cohort_post_for_remover(*, viewer: User, program_id: int, pk: int) -> CohortPost:
    """A post the viewer may take off the feed; 404 to outsiders, 403 to the rest of the
    cohort."""
    post = cohort_post_for_member(viewer=viewer, program_id=program_id, pk=pk)
    if not can_remove_cohort_post(viewer, post):
        raise PermissionDenied
    return post


def team_for_worker(*, viewer: User, pk: int) -> Team:
    """A team for its interns and the coordinators, who act for it (share its video, make its
    audience's questionnaire); 404 to outsiders, 403 to its tutor."""
    team = team_for_member(viewer=viewer, pk=pk)
    if not can_work_in_team(viewer, team):
        raise PermissionDenied
    return team


def team_submission_for_coordinator(*, viewer: User, team_id: int, pk: int) -> Submission:
    """A team's work on a team assignment, for the programme's coordinators (the final case is
    theirs); 404 to outsiders and when there is no work yet, 403 to the team and its tutor."""
    team, assignment = team_assignment_for_member(viewer=viewer, team_id=team_id, pk=pk)
    if not can_coordinate(viewer, team.program):
        raise PermissionDenied
    submission = Submission.objects.filter(assignment=assignment, team=team).first()
    if submission is None:
        raise Http404
    submission.team, submission.assignment = team, assignment
    return submission


def plan_progress_for_viewer(*, viewer: User, program_id: int, pk: int) -> PlanProgress:
    """A mark on a programme's individual plan for the trainee and the coordinators; else 404."""
    progress = (
        PlanProgress.objects.select_related("step__program")
        .filter(pk=pk, step__program_id=program_id)
        .first()
    )
    if progress is None or not can_view_plan_progress(viewer, progress):
        raise Http404
    return progress


# --- the parts of a programme, each fetched within the programme the viewer was let into -------


def _id(pk: int | str | None) -> int:
    """A primary key from the address or a form field; 404 when it is not a number."""
    try:
        return int(pk)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Http404 from None


def stage_for_coordinator(*, viewer: User, program_id: int, pk: int | str) -> Stage:
    """A stage of a programme the viewer runs (404/403 as ``program_for_coordinator``)."""
    program = program_for_coordinator(viewer=viewer, pk=program_id)
    stage = Stage.objects.filter(pk=_id(pk), program=program).first()
    if stage is None:
        raise Http404
    stage.program = program
    return stage


def stage_for_intern(*, viewer: User, program_id: int, pk: int | str) -> Stage:
    """A stage of the viewer's programme; 404 to outsiders, 403 to its staff, who choose no
    modules."""
    program = program_for_member(viewer=viewer, pk=program_id)
    stage = Stage.objects.filter(pk=_id(pk), program=program).first()
    if stage is None:
        raise Http404
    stage.program = program
    if not is_intern(viewer, program):
        raise PermissionDenied
    return stage


def assignment_for_coordinator(*, viewer: User, program_id: int, pk: int | str) -> Assignment:
    program = program_for_coordinator(viewer=viewer, pk=program_id)
    assignment = (
        Assignment.objects.filter(pk=_id(pk), stage__program=program)
        .select_related("stage")
        .first()
    )
    if assignment is None:
        raise Http404
    assignment.stage.program = program
    return assignment


def case_item_for_member(*, viewer: User, program_id: int, material_id: int) -> CollectionItem:
    """A material of the programme's final case with its place there, for the coordinators,
    and for the programme's members once the case is shown; 404 to anyone else."""
    program = program_for_member(viewer=viewer, pk=program_id)
    if program.final_case is None or not (
        program.final_case_published or can_coordinate(viewer, program)
    ):
        raise Http404
    item = (
        program.final_case.items.select_related("material").filter(material_id=material_id).first()
    )
    if item is None:
        raise Http404
    return item


def final_case_material_for_coordinator(
    *, viewer: User, program_id: int, pk: str | None
) -> tuple[Program, Material]:
    """A programme the viewer runs (404/403 as ``program_for_coordinator``) and a material of
    the library to take out of its final case; 404 when ``pk`` names none."""
    program = program_for_coordinator(viewer=viewer, pk=program_id)
    material_id = id_or_none(pk)
    material = None if material_id is None else Material.objects.filter(pk=material_id).first()
    if material is None:
        raise Http404
    return program, material


def intern_for_coordinator(*, viewer: User, program_id: int, pk: int | str) -> ProgramMember:
    """An intern's place in a programme the viewer runs."""
    program = program_for_coordinator(viewer=viewer, pk=program_id)
    member = ProgramMember.objects.filter(pk=_id(pk), program=program, role=Role.INTERN).first()
    if member is None:
        raise Http404
    member.program = program
    return member


def team_for_coordinator(*, viewer: User, program_id: int, pk: int | str) -> Team:
    """A team of a programme the viewer runs."""
    program = program_for_coordinator(viewer=viewer, pk=program_id)
    team = Team.objects.filter(pk=_id(pk), program=program).first()
    if team is None:
        raise Http404
    team.program = program
    return team


def plan_step_for_intern(*, viewer: User, program_id: int, pk: int | str | None) -> PlanStep:
    """A step of the individual plan of the viewer's programme, which she follows as an
    intern; 403 to the programme's staff."""
    program = program_for_member(viewer=viewer, pk=program_id)
    step = PlanStep.objects.filter(pk=_id(pk), program=program).first()
    if step is None:
        raise Http404
    step.program = program
    if not is_intern(viewer, program):
        raise PermissionDenied
    return step


def _message_of(team: Team, pk: int) -> TeamMessage:
    """The team's message ``pk`` (404 if it is another team's), with its team already loaded."""
    message = TeamMessage.objects.filter(pk=pk, team=team).first()
    if message is None:
        raise Http404
    message.team = team
    return message


def message_for_member(*, viewer: User, team_id: int, pk: int) -> TeamMessage:
    """A message in the workspace of a team the viewer may open."""
    return _message_of(team_for_member(viewer=viewer, pk=team_id), pk)


def message_for_reviewer(*, viewer: User, team_id: int, pk: int) -> TeamMessage:
    """A message of a team the viewer tutors or whose programme she runs; 403 to its interns."""
    return _message_of(team_for_reviewer(viewer=viewer, pk=team_id), pk)


def question_for_coordinator(*, viewer: User, session_id: int, pk: int) -> SessionQuestion:
    """A question asked in a live session of a programme the viewer runs."""
    session = session_for_coordinator(viewer=viewer, pk=session_id)
    question = SessionQuestion.objects.filter(pk=pk, session=session).first()
    if question is None:
        raise Http404
    question.session = session
    return question


def _assignment_of(team: Team, pk: int, scope: str) -> Assignment:
    """An assignment of the team's programme in this scope (404 if it is another's)."""
    assignment = (
        Assignment.objects.select_related("stage__program")
        .filter(pk=pk, stage__program_id=team.program_id, scope=scope)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def team_assignment_for_member(*, viewer: User, team_id: int, pk: int) -> tuple[Team, Assignment]:
    """A team assignment with the team that works on it, for the team's interns, its tutor and
    the coordinators; 404 to anyone else."""
    team = team_for_member(viewer=viewer, pk=team_id)
    return team, _assignment_of(team, pk, Assignment.Scope.TEAM)


def personal_work_for_reviewer(
    *, viewer: User, team_id: int, pk: int, user_id: int
) -> tuple[Assignment, ProgramMember]:
    """A personal assignment with the intern of the team who does it (``member.team`` loaded),
    for the team's tutor and the coordinators; 404 to anyone else, her team-mates included:
    interns do not see each other's personal drafts."""
    team = team_for_member(viewer=viewer, pk=team_id)
    if not can_review(viewer, team):
        raise Http404
    assignment = _assignment_of(team, pk, Assignment.Scope.PERSON)
    member = (
        ProgramMember.objects.select_related("user")
        .filter(team=team, user_id=user_id, role=Role.INTERN)
        .first()
    )
    if member is None:
        raise Http404
    member.team = team
    return assignment, member
