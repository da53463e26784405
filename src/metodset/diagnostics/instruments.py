"""Two instruments of diagnostics: a test with keys, and children's results by area.

**A test with keys.** Methodists and network coordinators build a test against a framework:
each item checks one indicator, has its options, the key (one or several correct options) and
points. A campaign may use a test (``Campaign.test``); each participant takes it once.

Decisions, written down because participants and methodists will ask:

- *Multi-answer items are all-or-nothing.* An item earns its points only when the chosen
  options are exactly the key; one wrong or one missing option earns 0. Partial credit invites
  ticking everything and is hard to explain; teachers know this rule from the ЕГЭ.
- An item with one correct option is shown with radio buttons, with several — with
  check boxes (so the person knows to choose several).
- Every item must be answered; the page keeps the choices made and names the missing ones.
- *The score of an indicator* is the share of its points earned times the framework's top
  level (3 of 3 points on a 0–3 framework → 3.0; 1 of 2 → 1.5). It is stored as an
  ``IndicatorScore`` with source «test» and folded with the self-assessment and observations
  by ``scoring``. Indicators the test has no items for get no test score.
- *One attempt.* A second submission is refused with a message; two submissions at the same
  moment are kept apart by the unique constraint on (participant, test).
- *The key.* Right after the test the person sees the points, in total and by competency, but
  not which answers were right: colleagues of the same campaign have not all taken it yet.
  After the campaign is closed the person sees every item with the key and their own answers
  — nobody can take the test any more, and learning from one's mistakes is the point.
- *Items are frozen once somebody has taken the test*: changing a key or points afterwards
  would make earlier scores mean something else. Make a new test instead.
- *The reminder.* When a campaign's ``remind_at`` has passed, those who have not taken its
  test get one e-mail; ``Campaign.reminded_at`` is claimed with a conditional UPDATE, so two
  workers send it once. (The self-assessment's reminder is the questionnaire's own.)

**Children's results.** A table of a group's or class's results by area and date
(``ResultsTable``/``ResultRow``) is imported from XLSX/CSV or typed in. Trends are computed by
the pure ``area_trends``; which areas *fall* is defined in its docstring.

Who sees children's results: the organisation's manager and methodists see and import all its
tables; a teacher sees and imports her own; a network's coordinators and council see
aggregates only (how many tables and falling areas by subject, no groups, no names, no
numbers of a class); everybody else gets 404.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, Network, NetworkPartner, Organization, User
from metodset.core.services import email_queue

from . import campaigns
from . import permissions as diag_permissions
from .models import (
    Campaign,
    Framework,
    Indicator,
    Participant,
    ResultRow,
    ResultsTable,
    Source,
    Test,
    TestAttempt,
    TestItem,
)

MAX_OPTIONS = 12
MAX_POINTS = 100
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000


class InstrumentError(Exception):
    """A refusal meant for the person (already taken, campaign closed...): a translated message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileError(ValueError):
    """The uploaded file as a whole cannot be read; the message is for the uploader."""


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number
    message: str


# =============================================================================================
# A test with keys
# =============================================================================================


def can_create_test(user: User) -> bool:
    """Who may build tests: whoever may create campaigns (organisation staff, coordinators)."""
    return diag_permissions.can_create_campaign(user)


def tests_managed(user: User) -> QuerySet[Test]:
    """Tests the user may see with their keys and edit: the organisation's for its manager and
    methodists, the network's for its coordinators, all for administrators."""
    if not roles.is_active_user(user):
        return Test.objects.none()
    if user.is_superuser:
        return Test.objects.all()
    return Test.objects.filter(
        Q(organization_id__in=roles.staff_organization_ids(user))
        | Q(network_id__in=roles.coordinated_network_ids(user))
    )


def test_owners(user: User) -> tuple[QuerySet[Organization], QuerySet[Network]]:
    """Organisations and networks the user may make a test for."""
    if user.is_superuser:
        return Organization.objects.all(), Network.objects.all()
    return (
        Organization.objects.filter(pk__in=roles.staff_organization_ids(user)),
        Network.objects.filter(pk__in=roles.coordinated_network_ids(user)),
    )


def test_locked(test: Test) -> bool:
    """Items cannot change once somebody has taken the test."""
    return test.attempts.exists()


@transaction.atomic
def test_create(
    *,
    framework: Framework,
    title: str,
    by: User | None,
    description: str = "",
    organization: Organization | None = None,
    network: Network | None = None,
) -> Test:
    """A new empty test; it belongs to an organisation or a network (neither: the platform's)."""
    if organization is not None and network is not None:
        raise ValidationError(_("A test belongs to an organisation or to a network, not both."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the test a title.")})
    return Test.objects.create(
        framework=framework,
        title=title,
        description=description.strip(),
        organization=organization,
        network=network,
        created_by=by,
    )


def options_parse(text: str) -> list[str]:
    """Options from a text: one per line, or separated by «;» when written on one line."""
    text = (text or "").replace("\r\n", "\n").strip()
    parts = text.split("\n") if "\n" in text else text.split(";")
    return [" ".join(p.split()) for p in parts if p.strip()]


def key_parse(text: str | int | float | None) -> list[int]:
    """Numbers of the correct options as written by people («2», «1; 3», «1, 3», «1 и 3») →
    0-based indexes. Raises ValueError with a message."""
    if isinstance(text, int | float):
        text = str(int(text)) if float(text).is_integer() else str(text)
    raw = str(text or "").strip()
    if not raw:
        raise ValueError(_("Give the number of the correct option."))
    tokens = [t for t in re.split(r"[\s,;.и]+", raw) if t]
    numbers = []
    for token in tokens:
        if not token.isdigit():
            raise ValueError(
                _("«%(value)s» is not a list of option numbers; write e.g. «2» or «1; 3».")
                % {"value": raw}
            )
        numbers.append(int(token) - 1)
    return sorted(set(numbers))


def _item_check(
    *, test: Test, indicator: Indicator, text: str, options: list[str], key: list[int], points: int
) -> None:
    errors: dict[str, list[str]] = {}
    if indicator.framework_id != test.framework_id:
        errors["indicator"] = [_("The indicator is not of the test's framework.")]
    if not (text or "").strip():
        errors["text"] = [_("Write the question.")]
    if len(options) < 2:
        errors["options"] = [_("Give at least two options.")]
    elif len(options) > MAX_OPTIONS:
        errors["options"] = [_("At most %(max)s options.") % {"max": MAX_OPTIONS}]
    elif len({o.lower() for o in options}) != len(options):
        errors["options"] = [_("Two options are the same.")]
    if not key:
        errors["key"] = [_("Give the number of the correct option.")]
    elif any(not 0 <= k < len(options) for k in key):
        errors["key"] = [
            _("There is no option number %(number)s: the item has %(count)s options.")
            % {
                "number": next(k + 1 for k in key if not 0 <= k < len(options)),
                "count": len(options),
            }
        ]
    elif len(key) == len(options):
        errors["key"] = [_("All the options cannot be correct.")]
    if not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
        errors["points"] = [_("Points are a whole number from 1 to %(max)s.") % {"max": MAX_POINTS}]
    if errors:
        raise ValidationError(errors)


def _refuse_if_locked(test: Test) -> None:
    if test_locked(test):
        raise ValidationError(
            _("The test has already been taken; its items can no longer be changed.")
        )


@transaction.atomic
def item_add(
    *,
    test: Test,
    indicator: Indicator,
    text: str,
    options: list[str],
    key: list[int],
    points: int = 1,
) -> TestItem:
    """Add an item at the end. ``key`` holds 0-based indexes of the correct options.

    Raises ``ValidationError`` keyed by field (indicator, text, options, key, points).
    """
    _refuse_if_locked(test)
    options = [" ".join(o.split()) for o in options if o and o.strip()]
    key = sorted(set(key))
    _item_check(test=test, indicator=indicator, text=text, options=options, key=key, points=points)
    last = test.items.order_by("-order").values_list("order", flat=True).first()
    return TestItem.objects.create(
        test=test,
        indicator=indicator,
        text=text.strip(),
        options=options,
        key=key,
        points=points,
        order=(last + 1) if last is not None else 0,
    )


@transaction.atomic
def item_update(
    *,
    item: TestItem,
    indicator: Indicator,
    text: str,
    options: list[str],
    key: list[int],
    points: int,
) -> TestItem:
    _refuse_if_locked(item.test)
    options = [" ".join(o.split()) for o in options if o and o.strip()]
    key = sorted(set(key))
    _item_check(
        test=item.test, indicator=indicator, text=text, options=options, key=key, points=points
    )
    item.indicator = indicator
    item.text = text.strip()
    item.options = options
    item.key = key
    item.points = points
    item.save()
    return item


@transaction.atomic
def item_delete(*, item: TestItem) -> None:
    _refuse_if_locked(item.test)
    item.delete()


# --- items from XLSX ---------------------------------------------------------------------------

ITEM_COLUMNS = {
    "indicator": ("кодиндикатора", "индикатор", "код", "indicator", "indicatorcode"),
    "text": ("вопрос", "задание", "текствопроса", "question", "text"),
    "options": ("вариантыответа", "варианты", "вариантыответов", "options"),
    "key": (
        "правильные", "правильныйответ", "правильныеответы", "номерправильных",
        "номераправильныхответов", "номерправильногоответа", "ключ", "верные", "key", "correct",
    ),
    "points": ("баллы", "балл", "points"),
}  # fmt: skip
ITEM_ORDER = ("indicator", "text", "options", "key", "points")


def _fold(value: object) -> str:
    return re.sub(r"[^0-9a-zа-я]+", "", str(value or "").lower().replace("ё", "е"))


def _match_header(cells: Sequence[object], known: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        folded = _fold(cell)
        if not folded:
            continue
        for name, aliases in known.items():
            if name not in found and any(folded == a or folded.startswith(a) for a in aliases):
                found[name] = position
                break
    return found


def _xlsx_rows(data: bytes) -> list[tuple[int, tuple]]:
    from openpyxl import load_workbook

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(
            _("This is an old Excel 97–2003 (XLS) file; save it as XLSX and upload again.")
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.active if book.active is not None else book.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, tuple(cells)))
            if len(rows) > MAX_IMPORT_ROWS:
                raise FileError(
                    _("The file has more than %(max)s rows; split it into parts.")
                    % {"max": MAX_IMPORT_ROWS}
                )
        book.close()
    except FileError:
        raise
    except Exception:  # noqa: BLE001 - any failure to open means the same to the uploader
        raise FileError(_("The file is not a valid XLSX workbook.")) from None
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, tuple]]:
    from metodset.accounts.importing.reading import decode_text, sniff_delimiter
    from metodset.accounts.importing.report import ImportFileError

    try:
        text = decode_text(data)
    except ImportFileError as exc:
        raise FileError(str(exc)) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        rows = [(n, tuple(cells)) for n, cells in enumerate(reader, start=1)]
    except csv.Error:
        raise FileError(_("The CSV file cannot be read.")) from None
    if len(rows) > MAX_IMPORT_ROWS:
        raise FileError(
            _("The file has more than %(max)s rows; split it into parts.")
            % {"max": MAX_IMPORT_ROWS}
        )
    return rows


def spreadsheet_rows(data: bytes, filename: str) -> list[tuple[int, tuple]]:
    """(row number, cells) of an XLSX or CSV file; FileError when it cannot be read."""
    if not data.strip():
        raise FileError(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise FileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 2**20}
        )
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.endswith(".csv"):
        return _csv_rows(data)
    raise FileError(_("Upload an XLSX or CSV file (.xlsx or .csv)."))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class ImportReport:
    """What an import did: good rows saved, bad rows named with their reason."""

    added: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    tables: list[ResultsTable] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.added + self.updated


def _locate_header(
    rows: list[tuple[int, tuple]], known: dict[str, tuple[str, ...]], order: Sequence[str]
) -> tuple[dict[str, int], int]:
    """The columns by header in the first rows; without a header, the documented order."""
    for index, (_number, cells) in enumerate(rows[:10]):
        found = _match_header(cells, known)
        if len(found) >= 3:
            return found, index + 1
    return {name: position for position, name in enumerate(order)}, 0


@transaction.atomic
def items_import(*, test: Test, data: bytes, filename: str) -> ImportReport:
    """Items from XLSX/CSV: indicator code, question, options (new lines or «;»), numbers of
    the correct options, points (empty: 1). Good rows are added, bad ones reported by number."""
    _refuse_if_locked(test)
    rows = spreadsheet_rows(data, filename)
    columns, start = _locate_header(rows, ITEM_COLUMNS, ITEM_ORDER)
    indicators = {i.code.lower(): i for i in Indicator.objects.filter(framework=test.framework)}
    report = ImportReport()
    for number, cells in rows[start:]:
        values = {name: cells[pos] if pos < len(cells) else None for name, pos in columns.items()}
        if not any(_cell(v) for v in values.values()):
            continue
        code = _cell(values.get("indicator"))
        indicator = indicators.get(code.lower())
        if indicator is None:
            report.errors.append(
                RowError(
                    number,
                    _("no indicator «%(code)s» in the framework «%(framework)s»")
                    % {"code": code, "framework": test.framework.title}
                    if code
                    else _("the indicator code is empty"),
                )
            )
            continue
        options = options_parse(_cell(values.get("options")))
        try:
            key = key_parse(values.get("key"))
        except ValueError as exc:
            report.errors.append(RowError(number, str(exc)))
            continue
        raw_points = _cell(values.get("points")) or "1"
        try:
            points = int(float(raw_points.replace(",", ".")))
        except ValueError:
            report.errors.append(
                RowError(number, _("points «%(value)s» are not a number") % {"value": raw_points})
            )
            continue
        try:
            with transaction.atomic():
                item_add(
                    test=test,
                    indicator=indicator,
                    text=_cell(values.get("text")),
                    options=options,
                    key=key,
                    points=points,
                )
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms]
            report.errors.append(RowError(number, " ".join(messages)))
            continue
        report.added += 1
    return report


def items_template_xlsx():
    """An example workbook in the import layout."""
    from openpyxl.styles import Alignment, Font

    from metodset.core.spreadsheets import workbook

    book = workbook()
    sheet = book.active
    sheet.title = "Задания"
    sheet.append(["Код индикатора", "Вопрос", "Варианты ответа", "Правильные", "Баллы"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([
        "НП.1.1",
        "Какой документ устанавливает права обучающихся?",
        "Федеральный закон № 273-ФЗ\nУстав школы\nПриказ директора",
        "1",
        1,
    ])  # fmt: skip
    for column, width in zip("ABCDE", (16, 60, 50, 14, 8), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


# --- taking the test ---------------------------------------------------------------------------


def item_points(*, key: Iterable[int], points: int, chosen: Iterable[int]) -> int:
    """All or nothing: the item's points when the chosen options are exactly the key."""
    return points if set(chosen) == set(key) and set(key) else 0


def indicator_values(
    items: Iterable[tuple[int, int, Iterable[int], int]],
    answers: Mapping[int, Iterable[int]],
    *,
    max_level: float,
) -> dict[int, Decimal]:
    """{indicator id: level}: the share of the indicator's points earned × the top level.

    ``items`` are (item id, indicator id, key, points); ``answers`` {item id: chosen indexes}.
    """
    earned: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for item_id, indicator_id, key, points in items:
        total[indicator_id] += points
        earned[indicator_id] += item_points(key=key, points=points, chosen=answers.get(item_id, ()))
    return {
        indicator_id: (Decimal(earned[indicator_id]) / Decimal(total[indicator_id])
                       * Decimal(str(max_level))).quantize(Decimal("0.01"))
        for indicator_id in total
        if total[indicator_id]
    }  # fmt: skip


def _answers_clean(
    items: list[TestItem], answers: Mapping[Any, Iterable[Any]]
) -> dict[int, list[int]]:
    """Answers keyed by item id as lists of option indexes; ValidationError per missing item."""
    cleaned: dict[int, list[int]] = {}
    errors: dict[str, list[str]] = {}
    given = {str(k): v for k, v in answers.items()}
    for item in items:
        raw = given.get(str(item.pk))
        if raw is None or isinstance(raw, str | int):
            raw = [] if raw in (None, "") else [raw]
        try:
            chosen = sorted({int(x) for x in raw})
        except (TypeError, ValueError):
            chosen = []
        chosen = [c for c in chosen if 0 <= c < len(item.options)]
        if not chosen:
            errors[f"item_{item.pk}"] = [_("Choose an answer.")]
        elif len(item.key) == 1 and len(chosen) > 1:
            errors[f"item_{item.pk}"] = [_("Choose one answer.")]
        cleaned[item.pk] = chosen
    if errors:
        raise ValidationError(errors)
    return cleaned


def attempt_of(participant: Participant) -> TestAttempt | None:
    test_id = participant.campaign.test_id
    if test_id is None:
        return None
    return TestAttempt.objects.filter(participant=participant, test_id=test_id).first()


@transaction.atomic
def test_submit(*, participant: Participant, answers: Mapping[Any, Iterable[Any]]) -> TestAttempt:
    """Check a participant's answers, store the attempt and the «test» indicator scores.

    ``answers`` is {item id: [chosen option indexes, 0-based]}. Raises ``InstrumentError``
    when the campaign has no test, is not open, or the person has already taken it, and
    ``ValidationError`` ({"item_<id>": [...]}) when an item is left unanswered.
    """
    campaign = Campaign.objects.select_related("framework", "test").get(pk=participant.campaign_id)
    test = campaign.test
    if test is None:
        raise InstrumentError(_("This campaign has no test."))
    if TestAttempt.objects.filter(participant=participant, test=test).exists():
        raise InstrumentError(_("You have already taken this test; it is taken once."))
    if campaign.status != Campaign.Status.OPEN:
        raise InstrumentError(_("The campaign is not open: the test cannot be taken now."))
    items = list(test.items.all())
    if not items:
        raise InstrumentError(_("The test has no items yet."))
    chosen = _answers_clean(items, answers)
    now = timezone.now()
    points = sum(item_points(key=i.key, points=i.points, chosen=chosen[i.pk]) for i in items)
    try:
        with transaction.atomic():
            attempt = TestAttempt.objects.create(
                participant=participant,
                test=test,
                answers={str(k): v for k, v in chosen.items()},
                points=points,
                max_points=sum(i.points for i in items),
                submitted_at=now,
            )
    except IntegrityError:  # the same person submitted twice at the same moment
        raise InstrumentError(_("You have already taken this test; it is taken once.")) from None
    values = indicator_values(
        ((i.pk, i.indicator_id, i.key, i.points) for i in items),
        chosen,
        max_level=campaign.framework.max_level,
    )
    participant.campaign = campaign
    campaigns.scores_record(participant=participant, source=Source.TEST, values=dict(values))
    participant.test_done_at = now
    participant.save(update_fields=["test_done_at"])
    return attempt


@dataclass
class ItemReview:
    item: TestItem
    chosen: list[int]
    earned: int

    @property
    def correct(self) -> bool:
        return self.earned == self.item.points


@dataclass
class CompetencyResult:
    code: str
    title: str
    area_title: str
    points: int
    max_points: int
    level: float

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


@dataclass
class TestResult:
    attempt: TestAttempt
    max_level: int
    competencies: list[CompetencyResult]
    items: list[ItemReview]

    @property
    def percent(self) -> int:
        a = self.attempt
        return round(100 * a.points / a.max_points) if a.max_points else 0


def test_result(attempt: TestAttempt, *, max_level: int) -> TestResult:
    """Points in total and by competency, and each item with the answers given."""
    items = list(
        attempt.test.items.select_related("indicator__competency__area").order_by("order", "pk")
    )
    by_competency: dict[int, CompetencyResult] = {}
    reviews = []
    for item in items:
        chosen = attempt.answers.get(str(item.pk), [])
        earned = item_points(key=item.key, points=item.points, chosen=chosen)
        reviews.append(ItemReview(item=item, chosen=chosen, earned=earned))
        competency = item.indicator.competency
        row = by_competency.setdefault(
            competency.pk,
            CompetencyResult(competency.code, competency.title, competency.area.title, 0, 0, 0.0),
        )
        row.points += earned
        row.max_points += item.points
    for row in by_competency.values():
        row.level = round(row.points / row.max_points * max_level, 2) if row.max_points else 0.0
    return TestResult(
        attempt=attempt,
        max_level=max_level,
        competencies=list(by_competency.values()),
        items=reviews,
    )


def tests_waiting(user: User) -> QuerySet[Participant]:
    """The person's open campaigns with a test not taken yet, the nearest deadline first."""
    return (
        Participant.objects.filter(
            user=user,
            campaign__status=Campaign.Status.OPEN,
            campaign__test__isnull=False,
            test_done_at__isnull=True,
        )
        .select_related("campaign__test")
        .order_by("campaign__ends_on", "campaign_id")
    )


WEEK_LIMIT = 5


def week_section(request: Any) -> dict[str, Any] | None:
    """«Моя неделя»: tests waiting for the person; one query."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    waiting = list(tests_waiting(user)[: WEEK_LIMIT + 1])
    if not waiting:
        return None
    return {"participants": waiting[:WEEK_LIMIT], "more": len(waiting) > WEEK_LIMIT}


@dataclass
class ItemStat:
    item: TestItem
    right: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


def item_stats(test: Test) -> list[ItemStat]:
    """How many of those who took the test answered each item right (no names): the items
    most people miss point at a deficit of the whole staff, or at a badly worded item."""
    items = list(test.items.select_related("indicator").order_by("order", "pk"))
    right = dict.fromkeys((i.pk for i in items), 0)
    total = 0
    for answers in test.attempts.values_list("answers", flat=True).iterator():
        total += 1
        for item in items:
            chosen = answers.get(str(item.pk), [])
            if item_points(key=item.key, points=item.points, chosen=chosen):
                right[item.pk] += 1
    return [ItemStat(item, right[item.pk], total) for item in items]


# --- reminders ---------------------------------------------------------------------------------


def test_reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """E-mail those who have not taken their open campaign's test once ``remind_at`` has come.

    Each campaign is claimed with a conditional UPDATE of ``reminded_at``: with two workers the
    reminder still goes once. Returns the number of e-mails queued.
    """
    now = now or timezone.now()
    due = Campaign.objects.filter(
        status=Campaign.Status.OPEN,
        test__isnull=False,
        remind_at__lte=now,
        reminded_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for campaign_id in list(due):
        with transaction.atomic():
            claimed = Campaign.objects.filter(pk=campaign_id, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            campaign = Campaign.objects.select_related("test").get(pk=campaign_id)
            test = campaign.test
            assert test is not None
            url = reverse("diagnostics:test_take", args=[campaign.pk])
            with translation.override(settings.LANGUAGE_CODE):  # letters are stored in Russian
                subject = _("Reminder: the test «%(title)s»") % {"title": test.title}
            waiting = (
                Participant.objects.filter(
                    campaign=campaign, test_done_at__isnull=True, user__is_active=True
                )
                .exclude(user__email="")
                .select_related("user")
            )
            for participant in waiting:
                email_queue(
                    to=participant.user.email,
                    subject=subject,
                    template="diagnostics/email/test_reminder",
                    context={
                        "user": participant.user,
                        "campaign": campaign,
                        "test": test,
                        "path": url,
                    },
                )
                sent += 1
    return sent


@task()
def send_test_reminders() -> int:
    """The periodic job (registered in ``DiagnosticsConfig.ready``)."""
    return test_reminders_send_due()


# =============================================================================================
# Children's results
# =============================================================================================

FALL_POINTS_PERCENT = 5.0  # percentage points, for results in % (values above 10)
FALL_POINTS_MARKS = 0.3  # for marks and average scores (all values 10 or below)


def fall_points_for(values: Iterable[float]) -> float:
    """The size of a fall that matters: 5 points for results in per cent, 0.3 for marks."""
    values = list(values)
    return FALL_POINTS_PERCENT if values and max(values) > 10 else FALL_POINTS_MARKS


def least_squares_slope(values: Sequence[float]) -> float:
    """Slope of the least-squares line through (0, v0), (1, v1), …: change per measurement."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den


@dataclass(frozen=True)
class TrendPoint:
    measured_on: dt.date
    value: float
    children: int | None = None


@dataclass
class AreaTrend:
    area: str
    points: list[TrendPoint]
    change: float | None  # last − previous
    slope: float | None  # per measurement over the last three
    falling: bool
    reason: str  # "sharp", "steady" or ""

    @property
    def last(self) -> TrendPoint:
        return self.points[-1]

    @property
    def previous(self) -> TrendPoint | None:
        return self.points[-2] if len(self.points) > 1 else None


def area_trends(
    rows: Iterable[tuple[str, dt.date, float] | tuple[str, dt.date, float, int | None]],
    *,
    fall_points: float | None = None,
) -> list[AreaTrend]:
    """Each area's measurements in date order, and whether the area FALLS.

    An area falls when, with N = ``fall_points`` (by default 5 points for results in per cent,
    0.3 for marks — see ``fall_points_for``):

    - *sharply*: the last measurement is lower than the previous one by N or more; or
    - *steadily*: there are at least three measurements and the least-squares slope over the
      last three (x = 0, 1, 2: per measurement, whatever the dates) is −N/2 or lower — i.e.
      over the last three measurements the line lost N or more.

    Example, N = 5: 70, 68, 66 — the last fell by 2 (not sharp), the slope is −2 per
    measurement, −4 over three (not steady): not falling. 70, 67, 64: slope −3, −6 over three:
    falling steadily. 70, 80, 74: the last fell by 6: falling sharply.

    Areas are returned falling first (the sharper fall first), then the rest by name.
    """
    by_area: dict[str, list[TrendPoint]] = defaultdict(list)
    for row in rows:
        area, measured_on, value = row[0], row[1], row[2]
        children = row[3] if len(row) > 3 else None
        by_area[area].append(TrendPoint(measured_on, float(value), children))
    if fall_points is None:
        fall_points = fall_points_for(p.value for ps in by_area.values() for p in ps)
    out = []
    for area, points in by_area.items():
        points.sort(key=lambda p: p.measured_on)
        change = round(points[-1].value - points[-2].value, 2) if len(points) > 1 else None
        slope = (
            round(least_squares_slope([p.value for p in points[-3:]]), 3)
            if len(points) >= 3
            else None
        )
        eps = 1e-9
        reason = ""
        if change is not None and change <= -fall_points + eps:
            reason = "sharp"
        elif slope is not None and slope <= -fall_points / 2 + eps:
            reason = "steady"
        out.append(AreaTrend(area, points, change, slope, bool(reason), reason))
    return sorted(
        out,
        key=lambda t: (
            not t.falling,
            min(t.change or 0, 2 * (t.slope or 0)) if t.falling else 0,
            t.area.lower(),
        ),
    )


# --- who sees children's results ----------------------------------------------------------------


def results_tables_visible(user: User) -> QuerySet[ResultsTable]:
    """Tables shown in full: all of the organisations the user manages, and the user's own."""
    if not roles.is_active_user(user):
        return ResultsTable.objects.none()
    if user.is_superuser:
        return ResultsTable.objects.all()
    return ResultsTable.objects.filter(
        Q(organization_id__in=roles.staff_organization_ids(user)) | Q(teacher=user)
    )


def results_editable(user: User, table: ResultsTable) -> bool:
    if not roles.is_active_user(user):
        return False
    if user.is_superuser or table.organization_id in roles.staff_organization_ids(user):
        return True
    return table.teacher_id == user.pk


def results_upload_organizations(user: User) -> QuerySet[Organization]:
    """Where the user may import: organisations they manage or teach in."""
    if not roles.is_active_user(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    ids = roles.staff_organization_ids(user) | {
        o
        for r, o, _n in roles._roles(user)  # noqa: SLF001 - the cached role list
        if r == Membership.Role.TEACHER and o
    }
    return Organization.objects.filter(pk__in=ids)


def results_is_staff(user: User, organization: Organization) -> bool:
    return bool(
        roles.is_active_user(user)
        and (user.is_superuser or organization.pk in roles.staff_organization_ids(user))
    )


def results_aggregate_organization_ids(user: User) -> set[int]:
    """Partners of the networks whose staff the user is: aggregates only."""
    if not roles.is_active_user(user):
        return set()
    return set(
        NetworkPartner.objects.filter(network_id__in=roles.staff_network_ids(user)).values_list(
            "organization_id", flat=True
        )
    )


# --- writing children's results ------------------------------------------------------------------


@dataclass(frozen=True)
class ResultInput:
    """One clean measurement, as the import or the demo gives it."""

    group: str
    subject: str
    area: str
    measured_on: dt.date
    value: float
    children: int | None = None


def _norm(text: str) -> str:
    return " ".join((text or "").split())


@transaction.atomic
def results_table_create(
    *,
    organization: Organization,
    group: str,
    subject: str,
    by: User | None,
    teacher: User | None = None,
    scale: str = "",
) -> ResultsTable:
    group, subject = _norm(group), _norm(subject)
    errors = {}
    if not group:
        errors["group"] = [_("Name the group or class.")]
    if not subject:
        errors["subject"] = [_("Name the subject or educational field.")]
    if errors:
        raise ValidationError(errors)
    existing = ResultsTable.objects.filter(
        organization=organization, group=group, subject=subject
    ).first()
    if existing is not None:
        return existing
    return ResultsTable.objects.create(
        organization=organization,
        group=group,
        subject=subject,
        teacher=teacher,
        scale=_norm(scale) or "% выполнения",
        uploaded_by=by,
    )


def _row_check(area: str, value: float, children: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not area:
        errors["area"] = [_("Name the area.")]
    elif len(area) > 200:
        errors["area"] = [_("The area's name is longer than 200 characters.")]
    if not -1000 <= value <= 1000:
        errors["value"] = [_("The result must be between −1000 and 1000.")]
    if children is not None and not 0 <= children <= 1000:
        errors["children"] = [_("The number of children must be between 0 and 1000.")]
    return errors


@transaction.atomic
def result_row_save(
    *,
    table: ResultsTable,
    area: str,
    measured_on: dt.date,
    value: float,
    children: int | None = None,
) -> tuple[ResultRow, bool]:
    """Add a measurement or replace the one of the same area and date; (row, created)."""
    area = _norm(area)
    errors = _row_check(area, value, children)
    if errors:
        raise ValidationError(errors)
    return ResultRow.objects.update_or_create(
        table=table,
        area=area,
        measured_on=measured_on,
        defaults={"value": float(value), "children": children},
    )


@transaction.atomic
def result_row_delete(*, row: ResultRow) -> None:
    row.delete()


@transaction.atomic
def results_save(
    *,
    organization: Organization,
    rows: Iterable[ResultInput | tuple[int, ResultInput]],
    by: User | None,
    teacher: User | None = None,
    scale: str = "",
    only_own: bool = False,
) -> ImportReport:
    """Save measurements into the organisation's tables (one per group and subject, made when
    missing); a measurement of the same table, area and date replaces the earlier value.

    ``only_own``: the uploader is a teacher — a table that is not hers (another teacher's, or
    one the methodist made without a teacher) is not touched; its rows are reported.
    Rows may come numbered: (row number, ResultInput).
    """
    report = ImportReport()
    tables: dict[tuple[str, str], ResultsTable] = {}
    for entry in rows:
        number, row = entry if isinstance(entry, tuple) else (0, entry)
        key = (_norm(row.group), _norm(row.subject))
        table = tables.get(key)
        if table is None:
            table = ResultsTable.objects.filter(
                organization=organization, group=key[0], subject=key[1]
            ).first()
            if table is None:
                table = results_table_create(
                    organization=organization,
                    group=key[0],
                    subject=key[1],
                    by=by,
                    teacher=teacher,
                    scale=scale,
                )
            elif teacher is not None and table.teacher_id is None and not only_own:
                table.teacher = teacher
                table.save(update_fields=["teacher"])
            tables[key] = table
            if table not in report.tables:
                report.tables.append(table)
        if only_own and teacher is not None and table.teacher_id != teacher.pk:
            report.errors.append(
                RowError(
                    number,
                    _(
                        "the table «%(group)s, %(subject)s» is not yours: ask the methodist to "
                        "assign it to you"
                    )
                    % {"group": key[0], "subject": key[1]},
                )
            )
            continue
        try:
            with transaction.atomic():
                _row, created = result_row_save(
                    table=table,
                    area=row.area,
                    measured_on=row.measured_on,
                    value=row.value,
                    children=row.children,
                )
        except ValidationError as exc:
            report.errors.append(
                RowError(number, " ".join(m for ms in exc.message_dict.values() for m in ms))
            )
            continue
        if created:
            report.added += 1
        else:
            report.updated += 1
    report.tables = [t for t in report.tables if t.rows.exists()]
    return report


# --- reading a results file ---------------------------------------------------------------------

RESULT_COLUMNS = {
    "group": ("класс", "группа", "классгруппа", "группакласс", "group", "class"),
    "subject": (
        "предмет", "образовательнаяобласть", "предметобласть", "subject", "field",
    ),
    "area": (
        "область", "умение", "направление", "разделпредмета", "раздел", "показатель", "area",
    ),
    "measured_on": ("дата", "датаизмерения", "date"),
    "value": ("результат", "значение", "выполнение", "result", "value"),
    "children": ("детей", "количестводетей", "числодетей", "кол", "учащихся", "children"),
}  # fmt: skip
RESULT_ORDER = ("group", "subject", "area", "measured_on", "value", "children")
REQUIRED_RESULT = ("group", "subject", "area", "measured_on", "value")


def date_parse(value: object) -> dt.date:
    """dd.mm.yyyy (also dd.mm.yy, yyyy-mm-dd), an Excel date or an Excel serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 < float(value) < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = _cell(value)
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}", text):
        return date_parse(int(text))
    raise ValueError(
        _("the date «%(value)s» is not recognised; write it as ДД.ММ.ГГГГ") % {"value": text}
    )


def number_parse(value: object) -> float:
    """A number with a decimal comma or point, spaces and «%» allowed: «72,5 %» → 72.5."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _cell(value).replace("\xa0", "").replace(" ", "").rstrip("%").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            _("the result «%(value)s» is not a number") % {"value": _cell(value)}
        ) from None


def results_parse(
    data: bytes, filename: str
) -> tuple[list[tuple[int, ResultInput]], list[RowError]]:
    """Rows of a results file, each checked; bad rows come back with their reason.

    Raises ``FileError`` when the file cannot be read or lacks a required column.
    """
    rows = spreadsheet_rows(data, filename)
    columns, start = _locate_header(rows, RESULT_COLUMNS, RESULT_ORDER)
    if start:
        missing = [c for c in REQUIRED_RESULT if c not in columns]
        if missing:
            names = {
                "group": "«Класс»", "subject": "«Предмет»", "area": "«Область»",
                "measured_on": "«Дата»", "value": "«Результат»",
            }  # fmt: skip
            raise FileError(
                _("The file has no column %(columns)s.")
                % {"columns": ", ".join(names[m] for m in missing)}
            )
    good: list[tuple[int, ResultInput]] = []
    errors: list[RowError] = []
    for number, cells in rows[start:]:
        values = {name: cells[pos] if pos < len(cells) else None for name, pos in columns.items()}
        if not any(_cell(v) for v in values.values()):
            continue
        problems = []
        group = _norm(_cell(values.get("group")))
        subject = _norm(_cell(values.get("subject")))
        area = _norm(_cell(values.get("area")))
        if not group:
            problems.append(_("the group or class is empty"))
        elif len(group) > 100:
            problems.append(_("the group or class is longer than 100 characters"))
        if not subject:
            problems.append(_("the subject is empty"))
        elif len(subject) > 200:
            problems.append(_("the subject is longer than 200 characters"))
        if not area:
            problems.append(_("the area is empty"))
        elif len(area) > 200:
            problems.append(_("the area is longer than 200 characters"))
        measured_on = value = None
        try:
            measured_on = date_parse(values.get("measured_on"))
        except ValueError as exc:
            empty = not _cell(values.get("measured_on"))
            problems.append(_("the date is empty") if empty else str(exc))
        raw_value = values.get("value")
        if not _cell(raw_value):
            problems.append(_("the result is empty"))
        else:
            try:
                value = number_parse(raw_value)
            except ValueError as exc:
                problems.append(str(exc))
            else:
                if not -1000 <= value <= 1000:
                    problems.append(_("the result must be between −1000 and 1000"))
        children = None
        raw_children = _cell(values.get("children"))
        if raw_children:
            try:
                children = int(number_parse(raw_children))
                if not 0 <= children <= 1000:
                    raise ValueError
            except ValueError:
                problems.append(
                    _("the number of children «%(value)s» is not a whole number from 0 to 1000")
                    % {"value": raw_children}
                )
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
            continue
        assert measured_on is not None and value is not None
        good.append((number, ResultInput(group, subject, area, measured_on, value, children)))
    return good, errors


@transaction.atomic
def results_import(
    *,
    organization: Organization,
    data: bytes,
    filename: str,
    by: User,
    teacher: User | None = None,
    scale: str = "",
    only_own: bool = False,
) -> ImportReport:
    """Parse a file and save its good rows; the report names every bad row with its reason."""
    good, errors = results_parse(data, filename)
    report = results_save(
        organization=organization,
        rows=good,
        by=by,
        teacher=teacher,
        scale=scale,
        only_own=only_own,
    )
    report.errors = sorted(errors + report.errors, key=lambda e: e.row)
    return report


# --- reading children's results ------------------------------------------------------------------


def table_trends(table: ResultsTable) -> list[AreaTrend]:
    rows = table.rows.values_list("area", "measured_on", "value", "children")
    return area_trends(rows)


@dataclass
class TableSummary:
    table: ResultsTable
    trends: list[AreaTrend]
    measurements: int

    @property
    def falling(self) -> list[AreaTrend]:
        return [t for t in self.trends if t.falling]

    @property
    def last_date(self) -> dt.date | None:
        dates = [t.last.measured_on for t in self.trends]
        return max(dates) if dates else None


def tables_summary(tables: QuerySet[ResultsTable]) -> list[TableSummary]:
    """Each table with its trends, in two queries whatever the number of tables; tables with
    falling areas first."""
    tables_list = list(tables.select_related("teacher"))
    rows: dict[int, list[tuple]] = defaultdict(list)
    for table_id, area, measured_on, value, children in ResultRow.objects.filter(
        table__in=[t.pk for t in tables_list]
    ).values_list("table_id", "area", "measured_on", "value", "children"):
        rows[table_id].append((area, measured_on, value, children))
    out = [TableSummary(t, area_trends(rows[t.pk]), len(rows[t.pk])) for t in tables_list]
    return sorted(out, key=lambda s: (not s.falling, s.table.group, s.table.subject))


@dataclass
class SubjectAggregate:
    subject: str
    tables: int
    areas: int
    falling_areas: dict[str, int]  # area → in how many tables it falls

    @property
    def falling(self) -> int:
        return sum(self.falling_areas.values())


def organization_aggregate(organization: Organization) -> list[SubjectAggregate]:
    """For network staff: by subject, how many tables and areas, and which areas fall where."""
    summary = tables_summary(ResultsTable.objects.filter(organization=organization))
    by_subject: dict[str, SubjectAggregate] = {}
    for s in summary:
        agg = by_subject.setdefault(s.table.subject, SubjectAggregate(s.table.subject, 0, 0, {}))
        agg.tables += 1
        agg.areas += len(s.trends)
        for t in s.falling:
            agg.falling_areas[t.area] = agg.falling_areas.get(t.area, 0) + 1
    return sorted(by_subject.values(), key=lambda a: (-a.falling, a.subject))


def results_template_xlsx():
    """An example file in the import layout."""
    from openpyxl.styles import Font

    from metodset.core.spreadsheets import workbook

    book = workbook()
    sheet = book.active
    sheet.title = "Результаты"
    sheet.append(["Класс", "Предмет", "Область", "Дата", "Результат", "Детей"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for area, date, value in (
        ("Вычисления", dt.date(2025, 9, 15), 72.5),
        ("Вычисления", dt.date(2025, 12, 15), 66),
        ("Текстовые задачи", dt.date(2025, 9, 15), 58),
        ("Текстовые задачи", dt.date(2025, 12, 15), 61),
    ):
        sheet.append(["4 А", "Математика", area, date, value, 25])
        sheet.cell(sheet.max_row, 4).number_format = "DD.MM.YYYY"
    for column, width in zip("ABCDEF", (12, 24, 36, 12, 12, 8), strict=True):
        sheet.column_dimensions[column].width = width
    return book


def results_xlsx(table: ResultsTable):
    """The table's measurements in the import layout (so it can be corrected and re-imported)."""
    from openpyxl.styles import Font

    from metodset.core.spreadsheets import workbook

    book = workbook()
    sheet = book.active
    sheet.title = "Результаты"
    sheet.append(["Класс", "Предмет", "Область", "Дата", "Результат", "Детей"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows.order_by("area", "measured_on"):
        sheet.append(
            [table.group, table.subject, row.area, row.measured_on, row.value, row.children]
        )
        sheet.cell(sheet.max_row, 4).number_format = "DD.MM.YYYY"
    for column, width in zip("ABCDEF", (12, 24, 36, 12, 12, 8), strict=True):
        sheet.column_dimensions[column].width = width
    return book
