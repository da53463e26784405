"""Diagnostics: competency frameworks, campaigns, instruments, scores and children's results.

- ``frameworks``: a competency framework's versions, areas, competencies and indicators;
- ``campaigns``: an assessment campaign and the people it assesses;
- ``instruments``: expert observation protocols and tests with keys with their attempts;
- ``scores``: indicator scores from each source and the competency scores folded from them;
- ``results``: children's results of a group or class by area and date.

The models live in modules by theme and are all importable from here.
"""

from .campaigns import Campaign, Participant
from .frameworks import Area, Competency, Framework, Indicator
from .instruments import Observation, Test, TestAttempt, TestItem
from .results import ResultRow, ResultsTable
from .scores import CompetencyScore, IndicatorScore, Source

__all__ = [
    "Area",
    "Campaign",
    "Competency",
    "CompetencyScore",
    "Framework",
    "Indicator",
    "IndicatorScore",
    "Observation",
    "Participant",
    "ResultRow",
    "ResultsTable",
    "Source",
    "Test",
    "TestAttempt",
    "TestItem",
]
