"""Writes: applying to a host organisation (党员找组织), the host's decision, ending a hosting.

Each raises ValidationError (a Chinese message) for bad input or a state that does not allow
the step, PermissionDenied when the actor may not take it; after the commit it announces the
change (signals.host_membership_changed) so the member and the organisations are told.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.host_organisations.access import may_manage_host, open_host_organisations
from cms.host_organisations.signals import host_membership_changed
from cms.models import HostMembership, HostStatus, Member, Organisation
from cms.models.host_memberships import OPEN_HOST_STATUSES
from xianfeng.text import strip_invisible

WORKPLACE_MAX = 200
TEXT_MAX = 1000


def _clean(text, *, field, required, limit, missing):
    text = strip_invisible(str(text or "")).strip()
    if required and not text:
        raise ValidationError({field: missing})
    if len(text) > limit:
        raise ValidationError({field: _("At most %(n)d characters, please.") % {"n": limit}})
    return text


def _announce(membership, event, actor):
    transaction.on_commit(
        lambda: host_membership_changed.send(
            sender=HostMembership, membership=membership, event=event, actor=actor
        )
    )


@transaction.atomic
def host_membership_apply(
    *, member: Member, organisation: Organisation, workplace: str, message: str = ""
) -> HostMembership:
    """The member asks `organisation` to host them while they work or live away from home."""
    workplace = _clean(
        workplace,
        field="workplace",
        required=True,
        limit=WORKPLACE_MAX,
        missing=_("Please say where you work or live away from home."),
    )
    message = _clean(message, field="message", required=False, limit=TEXT_MAX, missing="")
    if not open_host_organisations().filter(pk=organisation.pk).exists():
        raise ValidationError(_("This organisation does not take members from away."))
    home = member.organisation
    if home.path.startswith(organisation.path) or organisation.path.startswith(home.path):
        raise ValidationError(
            _("This is your home organisation or part of it: choose an organisation away.")
        )
    # Locks the member's rows: two quick submissions make one application.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    current = HostMembership.objects.filter(member=member, status__in=OPEN_HOST_STATUSES).first()
    if current is not None:
        if current.status == HostStatus.ACCEPTED:
            raise ValidationError(
                _("You are hosted by %(name)s: end that first to apply elsewhere.")
                % {"name": current.organisation.name}
            )
        raise ValidationError(
            _("Your application to %(name)s is still waiting for an answer.")
            % {"name": current.organisation.name}
        )
    membership = HostMembership.objects.create(
        member=member, organisation=organisation, workplace=workplace, message=message
    )
    _announce(membership, "applied", member.user)
    return membership


def _decide(membership, by):
    if not may_manage_host(by, membership.organisation):
        raise PermissionDenied(_("Only this organisation's secretaries and administrators can."))
    if membership.status != HostStatus.APPLIED:
        raise ValidationError(_("This application has already been answered."))
    membership.decided_by = by
    membership.decided_at = timezone.now()


@transaction.atomic
def host_membership_accept(*, membership: HostMembership, by) -> HostMembership:
    membership = HostMembership.objects.select_for_update().get(pk=membership.pk)
    _decide(membership, by)
    membership.status = HostStatus.ACCEPTED
    membership.since = timezone.localdate()
    membership.reason = ""
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # one accepted host per member (the constraint)
        raise ValidationError(_("This member already has a host organisation.")) from None
    _announce(membership, "accepted", by)
    return membership


@transaction.atomic
def host_membership_decline(*, membership: HostMembership, by, reason: str) -> HostMembership:
    reason = _clean(
        reason,
        field="reason",
        required=True,
        limit=TEXT_MAX,
        missing=_("Please give the member a reason."),
    )
    membership = HostMembership.objects.select_for_update().get(pk=membership.pk)
    _decide(membership, by)
    membership.status = HostStatus.DECLINED
    membership.reason = reason
    membership.save()
    _announce(membership, "declined", by)
    return membership


@transaction.atomic
def host_membership_end(*, membership: HostMembership, by, reason: str = "") -> HostMembership:
    """End a hosting (or withdraw an application): the member themselves, or the host."""
    reason = _clean(reason, field="reason", required=False, limit=TEXT_MAX, missing="")
    membership = HostMembership.objects.select_for_update().get(pk=membership.pk)
    is_member = membership.member.user_id == getattr(by, "pk", None)
    if not (is_member or may_manage_host(by, membership.organisation)):
        raise PermissionDenied(_("Only the member or the host organisation can end this."))
    if membership.status not in OPEN_HOST_STATUSES:
        raise ValidationError(_("This has already ended."))
    membership.status = HostStatus.ENDED
    membership.reason = reason
    membership.ended_by = by
    membership.ended_at = timezone.now()
    membership.until = timezone.localdate()
    membership.save()
    _announce(membership, "ended", by)
    return membership
