from .assignments import Assignment
from .inbox import (
    EMAILED_KINDS,
    MUTABLE_KINDS,
    InboxMessage,
    MessageKind,
    Reminder,
    ReminderMute,
    ReminderPolicy,
)
from .lectures import LectureIndexPage, LecturePage, LectureSection, LectureSeriesPage
from .points import Ledger, PointsEntry, PointsReason, PointsRule
from .progress import (
    CreditDecision,
    CreditReason,
    EventOutcome,
    LectureProgress,
    LectureTally,
    ProgressEvent,
    SectionProgress,
    StudyClock,
    StudyCredit,
    StudyWeek,
    StudyYear,
)
from .quizzes import QuestionKind, Quiz, QuizAttempt, QuizQuestion
from .reading import ReadingClock, StoryReading

__all__ = [
    "Assignment",
    "CreditDecision",
    "CreditReason",
    "EventOutcome",
    "InboxMessage",
    "LectureIndexPage",
    "LecturePage",
    "LectureProgress",
    "LectureTally",
    "LectureSection",
    "LectureSeriesPage",
    "Ledger",
    "MessageKind",
    "PointsEntry",
    "PointsReason",
    "PointsRule",
    "ProgressEvent",
    "QuestionKind",
    "Quiz",
    "QuizAttempt",
    "QuizQuestion",
    "EMAILED_KINDS",
    "MUTABLE_KINDS",
    "Reminder",
    "ReminderMute",
    "ReminderPolicy",
    "ReadingClock",
    "StoryReading",
    "SectionProgress",
    "StudyClock",
    "StudyCredit",
    "StudyWeek",
    "StudyYear",
]
