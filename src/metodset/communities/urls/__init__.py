"""The communities' URLs, all under the one ``communities`` namespace: the community pages
here, lesson-study cycles and methodical plans in their own lists (``lessons``, ``plans``)."""

from . import community, lessons, plans

app_name = "communities"
urlpatterns = [*community.urlpatterns, *lessons.urlpatterns, *plans.urlpatterns]
