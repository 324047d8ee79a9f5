from .lectures import LectureIndexPage, LecturePage, LectureSection, LectureSeriesPage
from .members import Member, MemberRole

__all__ = [
    "LectureIndexPage", "LecturePage", "LectureSection", "LectureSeriesPage",
    "Member", "MemberRole",
]
