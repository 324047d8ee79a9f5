from django.utils.translation import gettext_lazy as _


class StudyError(Exception):
    """A refused request; `code` is stable for clients, `message` is shown to the member."""

    def __init__(self, code, message=None):
        message = message if message is not None else REFUSALS.get(code, code)
        super().__init__(str(message))
        self.code = code
        self.message = message


# Refusals of a progress event, by code: raised on arrival, and stored with an event that
# was valid on arrival but could no longer be applied.
REFUSALS = {
    "unknown_section": _("There is no such lecture section."),
    "unpublished": _("This lecture is not published."),
    "closed": _("This lecture is closed for study."),
    "no_length": _("This section has no length set; tell the editor."),
    "negative": _("Progress cannot be negative."),
    "backward": _("A played segment cannot end before it starts."),
    "beyond_end": _("The played segment runs past the end of the section."),
    "bad_position": _("The resume position lies outside the section."),
}


def lecture_closed_error(lecture):
    return StudyError("unpublished" if not lecture.live else "closed")
