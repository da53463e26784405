"""The expert community of a network (экспертное сообщество): each expert's profile.

Who is an expert is the accounts app's business (the «эксперт» role in a network or an
organisation of it); the profile says what the expert is competent in, as printed in
conclusions, and how many reviews a campaign may give them.
"""

from __future__ import annotations

from django.db import transaction

from metodset.accounts.audit import audit_record
from metodset.accounts.models import Network, User

from ..models import ExpertProfile
from ..selectors.experts import network_expert_ids

FIELDS = ("competence", "subjects", "max_load", "available")


@transaction.atomic
def expert_profile_save(
    *,
    user: User,
    network: Network,
    by: User,
    competence: str,
    subjects: str,
    max_load: int,
    available: bool,
) -> ExpertProfile:
    """Create or change the expert's profile in the network; the change is audited."""
    profile, created = ExpertProfile.objects.select_for_update().get_or_create(
        user=user, network=network
    )
    new = {
        "competence": competence.strip(),
        "subjects": ", ".join(s.strip() for s in subjects.split(",") if s.strip()),
        "max_load": max_load,
        "available": available,
    }
    changes = {f: [getattr(profile, f), v] for f, v in new.items() if getattr(profile, f) != v}
    for field, value in new.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()
    if changes or created:
        audit_record(actor=by, action="expert_profile_save", target=profile, changes=changes)
    return profile


@transaction.atomic
def expert_profiles_ensure(*, network: Network) -> int:
    """A profile for every expert of the network who has none yet; returns how many."""
    have = set(ExpertProfile.objects.filter(network=network).values_list("user_id", flat=True))
    missing = sorted(network_expert_ids(network) - have)
    ExpertProfile.objects.bulk_create(
        [ExpertProfile(user_id=pk, network=network) for pk in missing]
    )
    return len(missing)
