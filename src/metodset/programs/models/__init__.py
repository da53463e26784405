"""Programmes: digital internships, internship-site programmes, informal network internships.

A programme has ordered stages with their events and assignments, a public invitation page,
applications, members in roles (coordinators, tutors, interns), teams with a tutor each,
submissions in versions with the tutor's comments, live presentation sessions with a time
regulation, a final case of materials and completion rules. The models live in modules by
theme and are all importable from here.
"""

from .cohort import CohortPost, Feedback
from .plans import CalendarEntry, PlanProgress, PlanStep
from .programs import Assignment, CompletionRule, ModuleChoice, Program, ProgramMember, Stage
from .recruitment import Application
from .sessions import LiveSession, SessionQuestion, SessionSlot, _screen_token
from .teamwork import (
    AssignmentReminder,
    Submission,
    SubmissionComment,
    SubmissionVersion,
    Team,
    TeamMessage,
)

__all__ = [
    "Application",
    "Assignment",
    "AssignmentReminder",
    "CalendarEntry",
    "CohortPost",
    "CompletionRule",
    "Feedback",
    "LiveSession",
    "ModuleChoice",
    "PlanProgress",
    "PlanStep",
    "Program",
    "ProgramMember",
    "SessionQuestion",
    "SessionSlot",
    "Stage",
    "Submission",
    "SubmissionComment",
    "SubmissionVersion",
    "Team",
    "TeamMessage",
    "_screen_token",
]
