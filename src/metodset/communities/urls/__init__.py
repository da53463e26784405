"""The communities' URLs, all under the one ``communities`` namespace, in lists by area:
the community itself (``community``), its analysis, learning plan and meetings (``work``),
lesson-study cycles (``lessons``) and their observation and analysis (``observation``), and
the organisations' methodical plans (``plans``)."""

from . import community, lessons, observation, plans, work

app_name = "communities"
urlpatterns = [
    *community.urlpatterns,
    *work.urlpatterns,
    *lessons.urlpatterns,
    *observation.urlpatterns,
    *plans.urlpatterns,
]
