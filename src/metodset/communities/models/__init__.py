"""Professional learning communities (ПОС, творческие группы), lesson study and the methodical plan.

- ``community``: the community, its members and coordinators, the charter, the line of change,
  the goal with its strategy and tactics, the analysis that starts it, its learning plan and
  meetings;
- ``lessons``: the lesson-study cycle — map versions with stages, case children and
  predictions, lessons (rounds) with observation protocols, analysis and correction;
- ``plans``: an organisation's yearly methodical plan, the topics tagged with competencies
  that are matched against the measured deficits.
"""

from .community import (
    AnalysisLink,
    Community,
    CoordinatorVote,
    LearningItem,
    Meeting,
    Member,
    Strategy,
    Tactic,
)
from .lessons import (
    CaseChild,
    Cycle,
    CycleGuest,
    Lesson,
    MapStage,
    MapVersion,
    Prediction,
    Protocol,
    ProtocolEntry,
    StageComment,
)
from .plans import MethodicalPlan, PlanTopic

__all__ = [
    "AnalysisLink",
    "CaseChild",
    "Community",
    "CoordinatorVote",
    "Cycle",
    "CycleGuest",
    "LearningItem",
    "Lesson",
    "MapStage",
    "MapVersion",
    "Meeting",
    "Member",
    "MethodicalPlan",
    "PlanTopic",
    "Prediction",
    "Protocol",
    "ProtocolEntry",
    "StageComment",
    "Strategy",
    "Tactic",
]
