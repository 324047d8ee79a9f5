from django.utils.translation import gettext_lazy as _


class StudyError(Exception):
    """A refused request; `code` is stable for clients, `message` is shown to the member."""

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


def lecture_closed_error(lecture):
    if not lecture.live:
        return StudyError("unpublished", _("This lecture is not published."))
    return StudyError("closed", _("This lecture is closed for study."))
