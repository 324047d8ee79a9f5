"""Who is a member: the one answer every app asks (pledges, study, the branch workspace)."""

from cms.models import Member


def member_of(user) -> Member | None:
    """The user's Member row, or None for visitors and for accounts without one (editors)."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "member", None)  # the reverse one-to-one raises when there is none
