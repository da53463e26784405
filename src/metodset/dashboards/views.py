"""Home page «Моя неделя»: the person's roles, what they run, and the sections apps register."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from metodset.accounts import permissions, selectors
from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Network, Organization
from metodset.core import week


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """«Моя неделя»: the person's roles, what they run, and the sections other apps add."""
    user = request.user
    networks = Network.objects.filter(pk__in=permissions.staff_network_ids(user))
    organizations = Organization.objects.filter(pk__in=permissions.staff_organization_ids(user))
    my_networks = list(selectors.networks_with_counts(networks=networks))
    # The network overview: what each app registered about these networks, aggregates only.
    overview = week.network_sections_for(request, [n.pk for n in my_networks])
    return render(
        request,
        "dashboards/home.html",
        {
            "memberships": selectors.person_memberships(person=user),
            "my_networks": [(network, overview[network.pk]) for network in my_networks],
            "my_organizations": selectors.organizations_with_counts(organizations=organizations),
            "week_sections": week.sections_for(request),
            "today": timezone.localdate(),
        },
    )
