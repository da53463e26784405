"""A community (ПОС, творческая группа): members, charter, line of change, goal, strategy, tactics.

Decisions a methodist will ask about:
- A community lives in one organisation (a kindergarten's ПОС) or across the partners of a
  network (a community of school teams, a creative group of three schools).
- Everything a community records is seen by its members only, until the members open it
  (``openness``): to the organisation, to the network, or as a public case. Opening is a
  coordinator's action, recorded in the audit log.
- Coordinators (chair, administrator) are chosen by the members: each member votes for one
  colleague; the one a majority of members voted for becomes the chair. The platform's staff
  can set up the first coordinator when they create the community.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Strategy(models.Model):
    """A pair of the library «проблема → педагогическая стратегия».

    Shipped pairs (the seed's examples) have no network; a network's own pairs grow the library
    for its partners.
    """

    problem = models.CharField(_("children's difficulty"), max_length=500)
    strategy = models.CharField(_("pedagogical strategy"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    network = models.ForeignKey(
        "accounts.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["problem", "pk"]

    def __str__(self) -> str:
        return f"{self.problem} → {self.strategy}"


class Community(models.Model):
    """A professional learning community (ПОС) or a creative group."""

    class Kind(models.TextChoices):
        PLC = "plc", _("professional learning community")
        CREATIVE_GROUP = "creative_group", _("creative group")
        SCHOOL_TEAMS = "school_teams", _("community of school teams")

    class Openness(models.TextChoices):
        MEMBERS = "members", _("members only")
        ORGANIZATION = "organization", _("the organisation")
        NETWORK = "network", _("the network")
        PUBLIC = "public", _("everyone, as a public case")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLC)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="communities",
        help_text=_("For a community within one organisation."),
    )
    network = models.ForeignKey(
        "accounts.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="communities",
        help_text=_("For a community across the partners of a network."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=300,
        blank=True,
        help_text=_("E.g. «Функциональная грамотность», «Работа с детьми с ОВЗ»."),
    )
    # The charter: the shared idea, vision and values (seed 004, slide 11).
    idea = models.TextField(_("shared idea"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    values = models.TextField(_("values"), blank=True)
    # «Единая линия изменений»: in which directions and educational areas things must change.
    line_of_change = models.TextField(_("line of change"), blank=True)
    educational_areas = models.CharField(_("educational areas"), max_length=500, blank=True)
    goal = models.TextField(_("goal"), blank=True, help_text=_("The result to reach."))
    goal_measure = models.CharField(
        _("how the result is measured"),
        max_length=500,
        blank=True,
        help_text=_("E.g. «доля детей с высоким уровнем понимания текста — не менее 60 %»."),
    )
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities",
    )
    strategy_note = models.TextField(
        _("how the strategy is applied"),
        blank=True,
        help_text=_("Or the community's own strategy, if it develops one."),
    )
    openness = models.CharField(
        _("who sees the records"),
        max_length=20,
        choices=Openness.choices,
        default=Openness.MEMBERS,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(network__isnull=False),
                name="community_has_a_home",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A member of a community, with the role the members gave her."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        CHAIR = "chair", _("chair")
        ADMINISTRATOR = "administrator", _("administrator")
        INVITED = "invited", _("invited specialist")

    COORDINATORS = (Role.CHAIR, Role.ADMINISTRATOR)

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="community_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("member of a community")
        verbose_name_plural = _("members of communities")
        ordering = ["community_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="community_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id}"

    @property
    def is_coordinator(self) -> bool:
        return self.role in self.COORDINATORS


class CoordinatorVote(models.Model):
    """A member's vote for the colleague she wants as the community's chair."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="votes_for")
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voter"], name="coordinator_vote_once")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.candidate_id}"


class Tactic(models.Model):
    """An action under the strategy (педагогическая тактика), with resources, people and dates."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="tactics")
    action = models.CharField(_("action"), max_length=500)
    resources = models.CharField(
        _("resources of the organisation it needs"), max_length=500, blank=True
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), blank=True, related_name="+"
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    due_on = models.DateField(_("until"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("tactic")
        verbose_name_plural = _("tactics")
        ordering = ["community_id", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.action


class AnalysisLink(models.Model):
    """A line of the analysis that starts a community: «затруднения детей — следствие дефицитов».

    It links a difficulty of children (an area of a results table) with a deficit of the
    teachers (a competency of the diagnostics); the line of change is written from these.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="analysis")
    difficulty = models.CharField(_("children's difficulty"), max_length=500)
    results_table = models.ForeignKey(
        "diagnostics.ResultsTable",
        verbose_name=_("children's results"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    results_area = models.CharField(_("area of the results"), max_length=200, blank=True)
    competency = models.ForeignKey(
        "diagnostics.Competency",
        verbose_name=_("teachers' deficit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("why we think so"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("line of the analysis")
        verbose_name_plural = _("analysis of children's results and deficits")
        ordering = ["community_id", "pk"]

    def __str__(self) -> str:
        return self.difficulty


class LearningItem(models.Model):
    """A line of the community's plan of who learns what, and where (seed 004, slide 13)."""

    class Kind(models.TextChoices):
        VERTICAL = "vertical", _("course (vertical learning)")
        HORIZONTAL = "horizontal", _("takes a course and teaches the rest (horizontal learning)")
        INTERNET = "internet", _("internet resources")
        WALK = "walk", _("learning walk in another organisation")
        SERVICE = "service", _("resources of the municipal or regional methodical service")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="learning")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who learns"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("how"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=500)
    place = models.CharField(_("where"), max_length=300, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    teaches_back_on = models.DateField(
        _("teaches the colleagues on"),
        null=True,
        blank=True,
        help_text=_("For horizontal learning: the date of the session for the rest."),
    )
    competency = models.ForeignKey(
        "diagnostics.Competency",
        verbose_name=_("competency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The step of the member's route this line became (ИОМ/ИППР), once it is there.
    route_step = models.ForeignKey(
        "routes.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("line of the learning plan")
        verbose_name_plural = _("learning plan")
        ordering = ["community_id", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """A meeting of the community (методический четверг, методический кабинет): an event of
    the events app, with the community's agenda and minutes."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="community_meeting"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes of the meeting"), blank=True)

    class Meta:
        verbose_name = _("meeting of a community")
        verbose_name_plural = _("meetings of communities")
        ordering = ["community_id", "pk"]

    def __str__(self) -> str:
        return f"{self.community_id}: {self.event_id}"
