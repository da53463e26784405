"""What a campaign stores is Russian, even when the page that opened it was in English."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import override

from metodset.diagnostics.campaigns import selectors as campaign_selectors
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.models import Campaign
from tests.core.test_first_run import latin_words
from tests.factories import framework_small as small_framework


def test_the_self_assessment_of_a_campaign_opened_and_renamed_in_english_is_russian(world):
    campaign = Campaign.objects.create(
        title="Осень",
        framework=small_framework(),
        organization=world.school,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=30),
        created_by=world.methodist,
    )
    campaign_services.participants_add(
        campaign=campaign, people=campaign_selectors.default_people(campaign)
    )

    with override("en"):
        campaign_services.campaign_open(campaign=campaign, by=world.methodist)
        questionnaire = campaign.questionnaire
        assert (questionnaire.title, latin_words(questionnaire.intro)) == ("Самооценка: Осень", [])
        campaign_services.campaign_update(campaign=campaign, by=world.methodist, title="Весна")

    questionnaire.refresh_from_db()
    assert questionnaire.title == "Самооценка: Весна"
