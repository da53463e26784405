"""Forms of the programme pages, by theme; import them from here.

``programs`` — creation from a scheme, settings, stages, applications, decisions, teams and
the plan; ``teamwork`` — submissions, reviews and the team thread; ``sessions`` — live
presentation sessions.
"""

from .cohort import CohortPostForm, FeedbackForm, VideoShareForm
from .programs import (
    ApplicationForm,
    AssignmentForm,
    CalendarEntryForm,
    CoordinatorAddForm,
    DecisionForm,
    MaterialForm,
    PlanStepForm,
    ProgramCreateForm,
    ProgramForm,
    StageAddForm,
    StageEventForm,
    StageForm,
    TeamForm,
    TutorAddForm,
)
from .sessions import QuestionForm, RegulationForm, SessionCreateForm
from .teamwork import MessageForm, ReviewForm, SubmissionForm

__all__ = [
    "CohortPostForm",
    "FeedbackForm",
    "VideoShareForm",
    "ApplicationForm",
    "AssignmentForm",
    "CalendarEntryForm",
    "CoordinatorAddForm",
    "DecisionForm",
    "MaterialForm",
    "MessageForm",
    "PlanStepForm",
    "ProgramCreateForm",
    "ProgramForm",
    "QuestionForm",
    "RegulationForm",
    "ReviewForm",
    "SessionCreateForm",
    "StageAddForm",
    "StageEventForm",
    "StageForm",
    "SubmissionForm",
    "TeamForm",
    "TutorAddForm",
]
