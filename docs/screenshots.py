"""Remake the user guide's screenshots (docs/guide/img/) from a running demo.

Start a fresh demo in another terminal, then run this script::

    METODSET_VAR=/tmp/var-screenshots .venv/bin/metodset demo --port 8765
    .venv/bin/python docs/screenshots.py --base http://127.0.0.1:8765

It logs in as the demo users (password demo12345) with Playwright and Debian's chromium
(``CHROMIUM`` or /usr/bin/chromium), opens each page at 1366×768 (a phone's 390×844 for the
``phone`` shots) and saves a palette PNG, so that the whole set stays under a few megabytes.
It only reads: it clicks links, never a button that changes the demo. ``--only NAME`` remakes
some shots (names as in ``SHOTS``).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
OUT = HERE / "guide" / "img"
PASSWORD = "demo12345"
VIEWPORT = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Shot:
    name: str  # the file is img/<name>.png
    user: str  # the demo login before "@demo.metodset.ru"
    path: str  # where to start
    follow: tuple[str, ...] = ()  # then follow links with these texts, in order
    scroll_to: str = ""  # a text to bring into view before the shot
    query: str = ""  # appended to the page's address after following the links
    phone: bool = False  # taken at 390×844, as a member observing in the classroom sees it


SHOTS = [
    # координатор
    Shot("coordinator-home", "coordinator", "/"),
    Shot("coordinator-program", "coordinator", "/programs/", ("Игровые технологии в ДОУ",)),
    Shot("coordinator-new-program", "coordinator", "/programs/new/"),
    Shot(
        "coordinator-applications",
        "coordinator",
        "/programs/",
        ("Игровые технологии в ДОУ", "Заявки"),
    ),
    Shot(
        "coordinator-teams",
        "coordinator",
        "/programs/",
        ("Игровые технологии в ДОУ", "Команды и тьюторы"),
    ),
    Shot(
        "coordinator-sessions",
        "coordinator",
        "/programs/",
        ("Игровые технологии в ДОУ", "Защита проектов", "Пульт ведущего"),
    ),
    Shot(
        "coordinator-dashboard",
        "coordinator",
        "/programs/",
        ("Игровые технологии в ДОУ", "Сводка"),
    ),
    Shot(
        "coordinator-completion",
        "coordinator",
        "/programs/",
        ("Смысловое чтение в начальной школе", "Завершение программы"),
    ),
    Shot("coordinator-registry", "coordinator", "/certificates/"),
    Shot(
        "coordinator-heatmap",
        "coordinator",
        "/diagnostics/",
        ("Входная диагностика", "Тепловая карта"),
    ),
    Shot("coordinator-survey-results", "coordinator", "/surveys/", ("Рефлексия", "Результаты")),
    Shot("coordinator-import", "coordinator", "/import/"),
    # тьютор (методист школы ведёт команду 1 интернатуры)
    Shot("tutor-program", "methodist", "/programs/", ("Игровые технологии в ДОУ",)),
    Shot("tutor-teams", "methodist", "/programs/", ("Игровые технологии в ДОУ", "Работы команд")),
    Shot(
        "tutor-workspace",
        "methodist",
        "/programs/",
        ("Игровые технологии в ДОУ", "Работы команд", "Команда 1"),
    ),
    # методист
    Shot("methodist-home", "methodist", "/"),
    Shot("methodist-diagnostics", "methodist", "/diagnostics/"),
    Shot("methodist-campaign", "methodist", "/diagnostics/", ("Самооценка педагогов школы",)),
    Shot("methodist-review", "methodist", "/routes/review/"),
    Shot("methodist-board", "methodist", "/routes/", ("Табло",)),
    Shot("methodist-cyclogram", "methodist", "/routes/", ("Циклограмма",)),
    Shot("methodist-catalogue", "methodist", "/routes/", ("Каталог",)),
    # руководитель организации и совет сети
    Shot("head-home", "manager", "/"),
    Shot("head-organization", "manager", "/", ("Участники",)),
    Shot("council-home", "council", "/"),
    Shot("council-network", "council", "/", ("Организации-партнёры",)),
    # эксперт
    Shot("expert-diagnostics", "expert", "/diagnostics/"),
    Shot(
        "expert-observation",
        "methodist",  # the demo's open campaign is a school's; a network expert sees the same form
        "/diagnostics/",
        ("Самооценка педагогов школы", "Протокол наблюдения"),
    ),
    # педагог
    Shot("teacher-home", "teacher", "/"),
    Shot("teacher-events", "teacher", "/events/"),
    Shot("teacher-event", "teacher", "/events/mine/", ("Школа молодого педагога",)),
    Shot("teacher-my-events", "teacher", "/events/mine/"),
    Shot("teacher-self-assessment", "teacher", "/", ("Самооценка:",)),
    Shot("teacher-competencies", "teacher", "/diagnostics/profile/"),
    Shot("teacher-routes", "teacher", "/routes/"),
    Shot("teacher-internship", "teacher", "/programs/", ("Программа стажировки",)),
    Shot("teacher-certificates", "teacher", "/certificates/mine/"),
    Shot("teacher-verify", "teacher", "/certificates/mine/", ("Страница проверки",)),
    Shot("teacher-data", "teacher", "/profile/data/"),
    # сообщества (ПОС), исследование урока, план методической работы
    Shot("community-list", "manager", "/communities/"),
    Shot("community-page", "manager", "/communities/", ("ПОС «Читаем и слушаем вместе»",)),
    Shot(
        "community-results",
        "manager",
        "/communities/",
        ("ПОС «Читаем и слушаем вместе»",),
        scroll_to="Ожидаемые результаты",
    ),
    Shot(
        "community-strategy",
        "manager",
        "/communities/",
        ("ПОС «Читаем и слушаем вместе»", "Выбрать из библиотеки"),
    ),
    Shot(
        "community-analysis",
        "manager",
        "/communities/",
        ("ПОС «Читаем и слушаем вместе»", "Анализ результатов детей и дефицитов"),
    ),
    Shot(
        "community-learning",
        "manager",
        "/communities/",
        ("ПОС «Читаем и слушаем вместе»", "Кто, чему и где учится"),
    ),
    Shot(
        "community-cycle",
        "manager",
        "/communities/",
        ("ПОС «Читаем и слушаем вместе»", "Сказка «Лиса и журавль»"),
    ),
    Shot(
        "community-observe",
        "manager",
        "/communities/",
        ("ПОС «Читаем и слушаем вместе»", "Рассказ Н. Носова", "Наблюдать за детьми-кейсами"),
        phone=True,
    ),
    Shot(
        "community-lesson-analysis",
        "manager",
        "/communities/",
        ("ПОС «Читаем и слушаем вместе»", "Сказка «Лиса и журавль»", "Прогнозы и наблюдения"),
    ),
    Shot(
        "community-versions",
        "manager",
        "/communities/",
        ("ПОС «Читаем и слушаем вместе»", "Сказка «Лиса и журавль»", "История версий"),
    ),
    Shot(
        "community-planning",
        "methodist",
        "/communities/",
        ("Творческая группа «Функциональная грамотность", "Задача «Поход в магазин»"),
    ),
    Shot("community-directory", "methodist", "/communities/directory/"),
    Shot(
        "community-network-group",
        "teacher",
        "/communities/",
        ("Творческая группа «Функциональная грамотность",),
    ),
    Shot("plan-topics", "manager", "/communities/plans/", ("План методической работы на",)),
    Shot(
        "plan-match",
        "manager",
        "/communities/plans/",
        ("План методической работы на", "План и дефициты"),
        query="?threshold=20",  # the demo's kindergarten: at 30 % only one deficit is a trend
    ),
]


def _login(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", f"{user}@demo.metodset.ru")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if "/login/" in page.url:
        raise SystemExit(f"could not log in as {user}: is the demo running at {base}?")


def _follow(page: Page, text: str) -> None:
    links = page.locator("main a", has_text=text)
    if not links.count():
        raise SystemExit(f"no link «{text}» on {page.url}")
    href = links.first.get_attribute("href")
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + href)
    page.wait_for_load_state()


def _save(png: bytes, target: Path) -> int:
    """A palette PNG: screenshots of text and flat colours lose nothing visible at 256."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(target, optimize=True)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    total = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=ru-RU"],
        )
        contexts = {}
        for shot in shots:
            if shot.user not in contexts:
                context = browser.new_context(
                    viewport=VIEWPORT, locale="ru-RU", timezone_id="Asia/Yekaterinburg"
                )
                page = context.new_page()
                _login(page, args.base, shot.user)
                contexts[shot.user] = page
            page = contexts[shot.user]
            page.goto(args.base + shot.path)
            page.wait_for_load_state()
            page.set_viewport_size(PHONE if shot.phone else VIEWPORT)
            for text in shot.follow:
                _follow(page, text)
            if shot.query:
                page.goto(page.url.split("?")[0] + shot.query)
                page.wait_for_load_state()
            if shot.scroll_to:
                page.get_by_text(shot.scroll_to).first.scroll_into_view_if_needed()
            page.wait_for_timeout(300)  # charts and htmx fragments settle
            size = _save(page.screenshot(), args.out / f"{shot.name}.png")
            total += size
            print(f"{shot.name:<28} {size // 1024:>5} KiB  {page.url}")
        browser.close()
    print(f"{len(shots)} screenshots, {total / 1024 / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
