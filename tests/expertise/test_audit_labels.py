"""Expertise in the audit log: every action it records has a Russian name, and its campaigns
are not taken for diagnostics' campaigns of the same number."""

import re
from pathlib import Path

from django.apps import apps
from django.urls import reverse

from metodset.accounts.audit import target_type_of
from metodset.accounts.models import AuditEntry
from metodset.expertise import audit_labels
from metodset.expertise.models import Campaign
from metodset.expertise.services.campaigns import campaign_create
from tests.conftest import client_for
from tests.expertise import factories

EXPERTISE = Path(__file__).resolve().parents[2] / "src" / "metodset" / "expertise"


def test_every_model_has_its_own_name_in_the_audit_log():
    names = [target_type_of(model) for model in apps.get_models()]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert target_type_of(Campaign) == "expertise.campaign"


def test_every_action_expertise_records_is_named():
    recorded = set()
    for path in EXPERTISE.rglob("*.py"):
        recorded |= set(re.findall(r'action="([\w.]+)"', path.read_text(encoding="utf-8")))
    assert recorded, "the scan found no audit_record calls"
    assert recorded <= set(audit_labels.ACTIONS), recorded - set(audit_labels.ACTIONS)


def test_the_audit_page_names_an_expertise_campaign_in_russian(world):
    campaign = campaign_create(
        network=world.network,
        title="Взаимоэкспертиза разработок",
        kind=Campaign.Kind.PRODUCTS,
        rubric=factories.shipped_rubric(),
        by=world.coordinator,
    )
    entry = AuditEntry.objects.get(target_id=str(campaign.pk), action="expertise_campaign_create")
    assert entry.target_type == "expertise.campaign"
    page = client_for(world.coordinator).get(reverse("accounts:audit_log")).content.decode()
    assert "экспертиза создана" in page.lower() or "создана экспертиза" in page.lower()
    assert "expertise_campaign_create" not in page
    # the sheet copied into the network for it, with where it came from
    assert "Лист экспертизы скопирован" in page and "копия листа" in page
    assert "Время — в вашем часовом поясе: " in page  # and the zone is named
    only = client_for(world.coordinator).get(
        reverse("accounts:audit_log"), {"type": "expertise.campaign"}
    )
    assert "Экспертиза создана" in only.content.decode()
    assert "Лист экспертизы скопирован" not in only.content.decode()
