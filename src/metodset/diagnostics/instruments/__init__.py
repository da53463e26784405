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

Where the code is: checking a test (``keys``, pure), its writes (``services``, also the
observation protocol) and reads (``selectors``), who builds it (``permissions``), items from
XLSX (``spreadsheets``), the self-assessment questionnaire (``self_assessment``), the reminder
(``tasks``); children's results are the package ``diagnostics.results``.
"""
