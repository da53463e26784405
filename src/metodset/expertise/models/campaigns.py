"""Expertise campaigns (экспертиза, взаимоэкспертиза): experts, items under review, conflicts, bids.

Decisions a methodist will ask about:
- One review machinery for every object: a trainee's or team's product (a programme's
  submission), a library material, an organisation's educational programme (uploaded
  documents), an organisation as a whole (methodical audit), a contest entry, a conference
  paper. Each is an ``Item`` of a campaign, with its versions and authors.
- Who may review: the network's experts (people with the expert role, described by an
  ``ExpertProfile``), the trainees themselves (взаимоэкспертиза: each reviews k colleagues'
  products), or both.
- Blindness: open (names both ways), blind (the author doesn't see who reviewed — «Эксперт 1»),
  double-blind (the expert doesn't see the authors either). Coordinators always see both.
- Conflicts of interest are hard: nobody reviews their own work, their organisation's, their
  team's or the team they tutor, or anything they declared a conflict with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import aggregation
from .rubrics import Rubric


class ExpertProfile(models.Model):
    """What an expert is competent in and how much they can take (профиль эксперта)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profiles"
    )
    network = models.ForeignKey(
        "accounts.Network", on_delete=models.CASCADE, related_name="expert_profiles"
    )
    competence = models.CharField(
        _("competence"),
        max_length=500,
        blank=True,
        help_text=_("As printed in conclusions: degree, title, field of expertise."),
    )
    subjects = models.CharField(
        _("subjects and topics"), max_length=500, blank=True, help_text=_("Comma-separated.")
    )
    competencies = models.ManyToManyField(
        "diagnostics.Competency", verbose_name=_("competencies"), blank=True, related_name="+"
    )
    max_load = models.PositiveSmallIntegerField(_("at most reviews per campaign"), default=10)
    available = models.BooleanField(_("takes new reviews"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="expert_profile_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.network}"


class Campaign(models.Model):
    """An expertise campaign: what is examined, on which rubric, by whom, until when."""

    audit_type = "expertise.campaign"  # «campaign» in the audit log is diagnostics'

    class Kind(models.TextChoices):
        PRODUCTS = "products", _("trainees' products")
        MATERIALS = "materials", _("library materials")
        PROGRAMS = "programs", _("educational and development programmes")
        AUDIT = "audit", _("methodical audit of organisations")
        CONTEST = "contest", _("contest")
        CONFERENCE = "conference", _("conference papers")
        ARTICLES = "articles", _("articles")

    class Blindness(models.TextChoices):
        OPEN = "open", _("open")
        BLIND = "blind", _("blind: authors don't see the experts")
        DOUBLE = "double", _("double-blind: nobody sees the other side")

    class Pool(models.TextChoices):
        EXPERTS = "experts", _("the network's experts")
        PEERS = "peers", _("peers: the authors review each other")
        BOTH = "both", _("experts and peers")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("collecting items")
        REVIEWING = "reviewing", _("under review")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("what is examined"), max_length=20, choices=Kind.choices)
    network = models.ForeignKey(
        "accounts.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="expertise_campaigns",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expertise_campaigns",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expertise_campaigns",
        help_text=_("For the expertise of a programme's products."),
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="campaigns"
    )
    reviews_per_item = models.PositiveSmallIntegerField(_("reviews per item"), default=2)
    min_load = models.PositiveSmallIntegerField(_("at least reviews per expert"), default=0)
    max_load = models.PositiveSmallIntegerField(_("at most reviews per expert"), default=10)
    blindness = models.CharField(
        _("blindness"), max_length=10, choices=Blindness.choices, default=Blindness.BLIND
    )
    pool = models.CharField(
        _("reviewers"), max_length=10, choices=Pool.choices, default=Pool.EXPERTS
    )
    spread_limit = models.PositiveSmallIntegerField(
        _("extra review when totals differ by more than (percentage points)"),
        null=True,
        blank=True,
        default=25,
    )
    submissions_until = models.DateTimeField(_("items accepted until"), null=True, blank=True)
    reviews_until = models.DateTimeField(_("reviews due"), null=True, blank=True)
    remind_days = models.PositiveSmallIntegerField(_("remind days before the deadline"), default=2)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("expertise campaign")
        verbose_name_plural = _("expertise campaigns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviews_per_item__gte=1, reviews_per_item__lte=10),
                name="expertise_reviews_per_item_bounded",
            ),
            models.CheckConstraint(
                condition=Q(min_load__lte=models.F("max_load")), name="expertise_loads_ordered"
            ),
        ]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """One object under review in a campaign (объект экспертизы)."""

    class Status(models.TextChoices):
        # A draft is its authors' alone: no coordinator, expert, count or assignment sees it
        # until it is handed in (``item_draft_submit``).
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting experts")
        REVIEWING = "reviewing", _("under review")
        REVIEWED = "reviewed", _("reviewed, awaiting the decision")
        REVISION = "revision", _("returned for revision")
        ACCEPTED = "accepted", _("recommended")
        REJECTED = "rejected", _("not recommended")
        WITHDRAWN = "withdrawn", _("withdrawn")

    Verdict = aggregation.Verdict

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("annotation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submission = models.ForeignKey(
        "programs.Submission",
        verbose_name=_("programme product"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    material = models.ForeignKey(
        "library.Material",
        verbose_name=_("library material"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation examined"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a methodical audit or an organisation's programme."),
    )
    team = models.ForeignKey(
        "programs.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subjects = models.CharField(_("subjects and topics"), max_length=500, blank=True)
    competencies = models.ManyToManyField(
        "diagnostics.Competency", verbose_name=_("competencies"), blank=True, related_name="+"
    )
    nomination = models.ForeignKey(
        "expertise.Nomination",
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent to the rules given"), null=True, blank=True)
    version = models.PositiveIntegerField(_("current version"), default=1)
    verdict = models.CharField(_("decision"), max_length=20, choices=Verdict.choices, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("item under review")
        verbose_name_plural = _("items under review")
        ordering = ["campaign", "pk"]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return self.title


class ItemAuthor(models.Model):
    """An author of an item: an account, or a name and e-mail of someone without one."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="expertise_authorships",
    )
    name = models.CharField(_("full name"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "user"], condition=Q(user__isnull=False), name="author_once"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="author_is_named"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.name


class ItemVersion(models.Model):
    """One version of an item as handed in; reviews and conclusions refer to a version."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="expertise/items/%Y/%m/", blank=True)
    note = models.TextField(_("what was changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("handed in"), default=timezone.now)

    class Meta:
        verbose_name = _("item version")
        verbose_name_plural = _("item versions")
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="item_version_once")]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


class Conflict(models.Model):
    """A conflict of interest an expert declared (or a coordinator recorded)."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expertise_conflicts"
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="conflicts"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False)
                | Q(person__isnull=False)
                | Q(organization__isnull=False),
                name="conflict_names_something",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert}: {self.item or self.person or self.organization}"


class Bid(models.Model):
    """An expert's wish to review an item (or not): raises or lowers the affinity."""

    class Level(models.IntegerChoices):
        EAGER = 2, _("I want to review it")
        WILLING = 1, _("I can review it")
        RATHER_NOT = -1, _("I would rather not")

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expertise_bids"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="bids")
    level = models.SmallIntegerField(_("wish"), choices=Level.choices)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [models.UniqueConstraint(fields=["expert", "item"], name="bid_once")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.item}: {self.level}"
