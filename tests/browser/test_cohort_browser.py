"""The cohort feed in Debian's chromium: team 1 saves the video of its real event and shares it
from its work; an intern of team 2 finds it in the cohort feed, which she did not before."""

import pytest
from playwright.sync_api import expect

from ..conftest import browser_login

pytestmark = pytest.mark.browser

VIDEO = "https://rutube.ru/video/4f1c7a2b9d3e4c5f8a6b7c8d9e0f1a2b/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_intern_of_another_team_sees_a_shared_video_in_the_cohort_feed(
    page, browser, live_server, internship
):
    team = internship.teams[0]
    assignment = internship.stage("self_study").assignments.get(kind="video")
    feed_url = f"{live_server.url}/programs/{internship.program.pk}/cohort/"

    other = browser.new_context(locale="ru-RU").new_page()
    other.base_url = live_server.url
    browser_login(other, "intern5@example.ru")  # team 2
    other.goto(feed_url)
    expect(other.get_by_test_id("feed-empty")).to_be_visible()

    browser_login(page, "intern1@example.ru")  # team 1
    page.goto(f"{page.base_url}/programs/teams/{team.pk}/assignments/{assignment.pk}/")
    page.get_by_label("Ссылка на видео").fill(VIDEO)
    page.get_by_role("button", name="Сохранить черновик").click()
    page.get_by_label("Несколько слов потоку").fill("Наш квест с родителями — 14 минут")
    page.get_by_role("button", name="Показать потоку").click()
    expect(page.get_by_test_id("video-shared")).to_contain_text("Видео в ленте потока")

    other.reload()
    post = other.get_by_test_id("post")
    expect(post).to_have_count(1)
    expect(post.get_by_test_id("post-team")).to_have_text("Команда 1 «Радуга»")
    expect(post).to_contain_text("Наш квест с родителями — 14 минут")
    expect(post.get_by_role("link", name="Смотреть видео")).to_have_attribute("href", VIDEO)
