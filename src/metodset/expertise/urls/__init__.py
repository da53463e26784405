"""The expertise URLs, all under the one ``expertise`` namespace, in lists by area: the front
page (``home``), campaigns
and their items, assignment and results for the coordinator (``campaigns``), the expert's
queue and the review form, and the author's side (``reviews``), contests (``contests``),
conferences with defences and proceedings (``conference``), the collective product
(``collective``), the expert community (``experts``), the methodical audit's result
(``audits``), calls for works (``calls``), the rubric editor (``rubrics``)."""

from . import (
    audits,
    calls,
    campaigns,
    collective,
    conference,
    contests,
    experts,
    home,
    reviews,
    rubrics,
)

app_name = "expertise"
urlpatterns = [
    *home.urlpatterns,
    *campaigns.urlpatterns,
    *reviews.urlpatterns,
    *contests.urlpatterns,
    *conference.urlpatterns,
    *collective.urlpatterns,
    *experts.urlpatterns,
    *audits.urlpatterns,
    *calls.urlpatterns,
    *rubrics.urlpatterns,
]
