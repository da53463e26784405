"""Assessment campaigns and profiles: the list, a new campaign, its progress, changing,
opening and closing it, adding and removing people, a person's profile, the observation
protocol."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, Organization
from metodset.surveys.distribution import invitation_link
from metodset.surveys.models import Invitation

from . import campaigns, permissions, selectors
from .forms import CampaignForm, CampaignOpenForm, ObservationForm, ParticipantsAddForm
from .models import Campaign, Participant, Test


def _progress(qs):  # type: ignore[no-untyped-def]
    return qs.aggregate(
        total=Count("pk"),
        self_done=Count("pk", filter=Q(self_done_at__isnull=False)),
        test_done=Count("pk", filter=Q(test_done_at__isnull=False)),
        observed=Count("pk", filter=Q(observed_at__isnull=False)),
        scored=Count("pk", filter=Q(scored_at__isnull=False)),
    )


def _url_or_none(name: str, *args: int) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _take_links(participant: Participant) -> dict[str, str | None]:
    """Where the person takes the campaign's instruments that are still to do."""
    campaign = participant.campaign
    links: dict[str, str | None] = {"self": None, "test": None}
    if campaign.status != Campaign.Status.OPEN:
        return links
    if campaign.questionnaire_id and not participant.self_done_at:
        invitation = Invitation.objects.filter(
            questionnaire_id=campaign.questionnaire_id, user_id=participant.user_id
        ).first()
        if invitation:
            links["self"] = invitation_link(invitation)
    if campaign.test_id and not participant.test_done_at:
        links["test"] = _url_or_none("diagnostics:test_take", campaign.pk)
    return links


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The person's own assessments first, then the campaigns they run or oversee."""
    mine = []
    for participant in selectors.participations(request.user):
        mine.append({"participant": participant, "links": _take_links(participant)})
    managed = (
        permissions.campaigns_visible(request.user)
        .select_related("framework", "organization", "network")
        .annotate(people=Count("participants", distinct=True))
        .order_by("-starts_on", "-pk")
    )
    return render(
        request,
        "diagnostics/campaign_list.html",
        {
            "mine": mine,
            "campaigns": managed,
            "can_create": permissions.can_create_campaign(request.user),
        },
    )


def _scopes(user):  # type: ignore[no-untyped-def]
    if user.is_superuser:
        return Organization.objects.order_by("short_name"), Network.objects.order_by("name")
    orgs = Organization.objects.filter(pk__in=roles.staff_organization_ids(user))
    nets = Network.objects.filter(pk__in=roles.coordinated_network_ids(user))
    return orgs.order_by("short_name"), nets.order_by("name")


def _tests(user, orgs, nets):  # type: ignore[no-untyped-def]
    return Test.objects.filter(Q(organization__in=orgs) | Q(network__in=nets) | Q(created_by=user))


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_campaign(request.user):
        raise Http404
    orgs, nets = _scopes(request.user)
    frameworks = permissions.visible_frameworks(request.user).filter(status="published")
    form = CampaignForm(
        request.POST or None,
        frameworks=frameworks,
        organizations=orgs,
        networks=nets,
        tests=_tests(request.user, orgs, nets),
    )
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        campaign = form.save()
        added = campaigns.participants_add(
            campaign=campaign, people=campaigns.default_people(campaign)
        )
        messages.success(
            request,
            _("The campaign is created with %(count)s people. Open it when you are ready.")
            % {"count": added},
        )
        return redirect("diagnostics:campaign", campaign_id=campaign.pk)
    return render(
        request,
        "diagnostics/campaign_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = (
        permissions.campaigns_visible(request.user)
        .select_related("framework", "organization", "network", "test")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Progress: of everybody, by organisation, and (where names may be seen) by person."""
    campaign = _campaign(request, campaign_id)
    manage = permissions.can_manage_campaign(request.user, campaign)
    participants = campaign.participants.all()
    aggregate_ids = permissions.aggregate_organization_ids(request.user)
    if aggregate_ids is not None:
        participants = participants.filter(organization_id__in=aggregate_ids)
    by_org = (
        participants.values("organization_id", "organization__short_name")
        .annotate(
            total=Count("pk"),
            self_done=Count("pk", filter=Q(self_done_at__isnull=False)),
            test_done=Count("pk", filter=Q(test_done_at__isnull=False)),
            observed=Count("pk", filter=Q(observed_at__isnull=False)),
            scored=Count("pk", filter=Q(scored_at__isnull=False)),
        )
        .order_by("organization__short_name")
    )
    named = permissions.named_organization_ids(request.user)
    people = participants.select_related("user", "organization").order_by(
        "organization__short_name", "user__last_name", "user__first_name"
    )
    if named is not None:
        people = people.filter(organization_id__in=named)
    return render(
        request,
        "diagnostics/campaign_detail.html",
        {
            "campaign": campaign,
            "manage": manage,
            "progress": _progress(participants),
            "by_org": by_org,
            "people": people[:500],
            "people_count": people.count(),
            "heatmap_url": _url_or_none("diagnostics:heatmap", campaign.pk),
            "add_emails": request.session.pop("diagnostics_add_emails", ""),
            "add_form": ParticipantsAddForm(people=campaigns.default_people(campaign))
            if manage
            else None,
        },
    )


def _managed(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = _campaign(request, campaign_id)
    if not permissions.can_manage_campaign(request.user, campaign):
        raise Http404
    return campaign


def _editable_by(request: HttpRequest, campaign: Campaign) -> bool:
    """A closed campaign is kept as it was: the refusal is said on its page."""
    if campaign.status == Campaign.Status.CLOSED:
        messages.error(request, _("A closed campaign cannot be changed."))
        return False
    return True


@login_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A draft changes entirely; an open campaign only its title, end and reminder."""
    campaign = _managed(request, campaign_id)
    if not _editable_by(request, campaign):
        return redirect("diagnostics:campaign", campaign_id=campaign.pk)
    # The form gets its own copy: a ModelForm writes what was typed into its instance even
    # when it is refused, and the page's title should stay the stored one.
    instance = Campaign.objects.get(pk=campaign.pk)
    form: CampaignForm | CampaignOpenForm
    if campaign.status == Campaign.Status.DRAFT:
        orgs, nets = _scopes(request.user)
        form = CampaignForm(
            request.POST or None,
            instance=instance,
            frameworks=permissions.visible_frameworks(request.user).filter(
                Q(status="published") | Q(pk=campaign.framework_id)
            ),
            organizations=orgs,
            networks=nets,
            tests=_tests(request.user, orgs, nets),
        )
    else:
        form = CampaignOpenForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        campaigns.campaign_update(campaign=campaign, by=request.user, **form.changes())
        messages.success(request, _("The campaign is changed."))
        return redirect("diagnostics:campaign", campaign_id=campaign.pk)
    return render(
        request,
        "diagnostics/campaign_edit.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def participant_remove(request: HttpRequest, campaign_id: int, participant_id: int) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    participant = (
        Participant.objects.select_related("user").filter(pk=participant_id, campaign=campaign)
    ).first()
    if participant is None:
        raise Http404
    if _editable_by(request, campaign):
        campaigns.participant_remove(participant=participant, by=request.user)
        messages.success(
            request,
            _("Excluded from the campaign with their results: %(name)s.")
            % {"name": participant.user.get_full_name()},
        )
    return redirect(reverse("diagnostics:campaign", args=[campaign.pk]) + "#people")


@login_required
@require_POST
def campaign_open(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    if campaign.status == Campaign.Status.DRAFT:
        campaigns.campaign_open(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is open; invitations are being sent."))
    return redirect("diagnostics:campaign", campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_close(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    if campaign.status == Campaign.Status.OPEN:
        campaigns.campaign_close(campaign=campaign)
        messages.success(request, _("The campaign is closed."))
    return redirect("diagnostics:campaign", campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_add_people(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    form = ParticipantsAddForm(request.POST, people=campaigns.default_people(campaign))
    if form.is_valid():
        added = campaigns.participants_add(campaign=campaign, people=form.cleaned_data["emails"])
        messages.success(request, _("People added: %(count)s.") % {"count": added})
        return redirect("diagnostics:campaign", campaign_id=campaign.pk)
    for error in form.errors.get("emails", []):
        messages.error(request, error)
    request.session["diagnostics_add_emails"] = request.POST.get("emails", "")
    return redirect(reverse("diagnostics:campaign", args=[campaign.pk]) + "#add")


# --- Profiles ---------------------------------------------------------------------------


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    """The person's own profile: their latest scored campaign, or another on request."""
    participations = list(selectors.participations(request.user))
    chosen = None
    if wanted := request.GET.get("campaign"):
        chosen = next((p for p in participations if str(p.campaign_id) == wanted), None)
    chosen = chosen or next((p for p in participations if p.scored_at), None)
    pending = [
        {"participant": p, "links": links}
        for p in participations
        if any((links := _take_links(p)).values())
    ]
    return render(
        request,
        "diagnostics/profile.html",
        {
            "profile": selectors.profile_of(chosen) if chosen else None,
            "participations": participations,
            "pending": pending,
            "own": True,
        },
    )


@login_required
def profile(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = (
        Participant.objects.select_related("campaign__framework", "user", "organization")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or not permissions.can_view_results_of(request.user, participant):
        raise Http404
    if participant.user_id == request.user.pk:
        return redirect(reverse("diagnostics:my_profile") + f"?campaign={participant.campaign_id}")
    return render(
        request,
        "diagnostics/profile.html",
        {
            "profile": selectors.profile_of(participant),
            "participations": [],
            "pending": [],
            "own": False,
            "can_observe": permissions.can_observe(request.user, participant),
            "observations": participant.observations.select_related("observer"),
        },
    )


@login_required
def observe(request: HttpRequest, participant_id: int) -> HttpResponse:
    """The expert observation protocol: levels of the indicators seen at a lesson or event."""
    participant = (
        Participant.objects.select_related("campaign__framework", "user", "organization")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or not permissions.can_observe(request.user, participant):
        raise Http404
    campaign = participant.campaign
    form = ObservationForm(
        request.POST or None,
        framework=campaign.framework,
        indicators=campaigns.indicators_of(campaign).order_by(
            "competency__area__order", "competency__order", "order", "pk"
        ),
        initial={"observed_on": None},
    )
    if request.method == "POST" and form.is_valid():
        campaigns.observation_record(
            participant=participant,
            observer=request.user,
            subject=form.cleaned_data["subject"],
            observed_on=form.cleaned_data["observed_on"],
            notes=form.cleaned_data["notes"],
            values=form.values(),
        )
        messages.success(request, _("The observation protocol is saved."))
        return redirect("diagnostics:profile", participant_id=participant.pk)
    return render(
        request,
        "diagnostics/observe.html",
        {"participant": participant, "campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )
