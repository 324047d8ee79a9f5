"""Who organises which meeting: a secretary or committee member of the meeting's node or of
an ancestor (learning.branch.access), or an organisation administrator of such a subtree
(cms.organisation_access), or a superuser. Anyone else asking for a meeting gets a 404, so
another branch's meeting is never confirmed to exist."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from cms.members import member_of
from cms.organisation_access import administered_organisations
from learning.branch.access import organisations_visible_to
from learning.meetings.models import Meeting


def organisations_organised_by(user):
    """The organisations whose meetings `user` may schedule and run (a queryset)."""
    from cms.models import Organisation

    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Q(pk__in=organisations_visible_to(user).values("pk"))
        | Q(pk__in=administered_organisations(user).values("pk"))
    )


def may_organise(user) -> bool:
    return organisations_organised_by(user).exists()


def meetings_organised_by(user):
    return Meeting.objects.filter(organisation__in=organisations_organised_by(user))


def organiser_meeting_or_404(user, meeting_id) -> Meeting:
    meeting = meetings_organised_by(user).select_related("organisation").filter(pk=meeting_id)
    found = meeting.first()
    if found is None:
        raise Http404(_("There is no such meeting."))
    return found


def is_organiser(user, meeting) -> bool:
    return meetings_organised_by(user).filter(pk=meeting.pk).exists()


def organisation_or_404(user, organisation_id):
    """The node a request names (or the user's own), if the user may organise it."""
    allowed = organisations_organised_by(user)
    if organisation_id is None:
        member = member_of(user)
        found = None
        if member is not None:
            found = allowed.filter(pk=member.organisation_id).first()
        found = found or allowed.order_by("path").first()
    else:
        found = allowed.filter(pk=organisation_id).first()
    if found is None:
        raise Http404(_("There is no such organisation."))
    return found


def member_meeting_or_404(user, meeting_id) -> tuple[Meeting, bool]:
    """A meeting a member may open: expected, or a lecture session their organisation can sign
    up for, or one they organise. Returns (meeting, is_organiser)."""
    meeting = (
        Meeting.objects.select_related("organisation", "lecture").filter(pk=meeting_id).first()
    )
    if meeting is None:
        raise Http404(_("There is no such meeting."))
    if is_organiser(user, meeting):
        return meeting, True
    member = member_of(user)
    if member is not None and (
        meeting.attendances.filter(member=member).exists() or may_sign_up(member, meeting)
    ):
        return meeting, False
    raise Http404(_("There is no such meeting."))


def may_sign_up(member, meeting) -> bool:
    """A lecture session is open to the members of its organisation's subtree, at home or
    hosted there (流动党员)."""
    from cms.host_organisations.selectors import member_organisations

    return meeting.is_session and any(
        organisation.path.startswith(meeting.organisation.path)
        for organisation in member_organisations(member=member)
    )
