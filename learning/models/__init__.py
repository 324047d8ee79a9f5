from .assignments import Assignment
from .lectures import LectureIndexPage, LecturePage, LectureSection, LectureSeriesPage
from .points import Ledger, PointsEntry, PointsReason, PointsRule
from .progress import (
    CreditDecision,
    CreditReason,
    EventOutcome,
    LectureProgress,
    ProgressEvent,
    SectionProgress,
    StudyClock,
)
from .quizzes import QuestionKind, Quiz, QuizAttempt, QuizQuestion

__all__ = [
    "Assignment",
    "CreditDecision",
    "CreditReason",
    "EventOutcome",
    "LectureIndexPage",
    "LecturePage",
    "LectureProgress",
    "LectureSection",
    "LectureSeriesPage",
    "Ledger",
    "PointsEntry",
    "PointsReason",
    "PointsRule",
    "ProgressEvent",
    "QuestionKind",
    "Quiz",
    "QuizAttempt",
    "QuizQuestion",
    "SectionProgress",
    "StudyClock",
]
