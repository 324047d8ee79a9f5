"""Members away from home (cms.host_organisations) in learning: their inbox messages, a tab in
the branch workspace, a section in the branch report and in the member's record.

cms announces each change (host_membership_changed, after the commit); this module decides
who hears of it: an application reaches the host's secretaries; the answer reaches the
member; an ended hosting reaches the member, the host and the home organisation (双重管理).
"""

from django.conf import settings
from django.db.models import Count, Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from cms.host_organisations import home_secretary_ids, host_secretary_ids
from cms.host_organisations.signals import host_membership_changed
from cms.members import member_of
from cms.models import HostMembership, HostStatus
from learning.inbox import inbox_send
from learning.models import MessageKind
from learning.sections import (
    BRANCH_REPORT_SECTION,
    BRANCH_TABS,
    MEMBER_RECORD_SECTION,
    Section,
    Tab,
)


def _texts(membership, event):
    names = {
        "member": membership.member.name,
        "host": membership.organisation.name,
        "reason": membership.reason or _("no reason given"),
    }
    if event == "applied":
        return (
            _("%(member)s applied to %(host)s") % names,
            _("%(member)s, who works or lives away from home, asks %(host)s to host them.") % names,
        )
    if event == "accepted":
        return (
            _("%(host)s accepted you") % names,
            _("%(host)s is now your host organisation, together with your home organisation.")
            % names,
        )
    if event == "declined":
        return (
            _("%(host)s declined your application") % names,
            _("Reason: %(reason)s") % names,
        )
    return (
        _("Hosting of %(member)s by %(host)s ended") % names,
        _("Reason: %(reason)s") % names,
    )


@receiver(host_membership_changed)
def tell_about_host_membership(sender, *, membership, event, actor=None, **kwargs):
    member = membership.member
    if event == "applied":
        recipients = set(host_secretary_ids(organisation=membership.organisation))
        url = reverse("host:manage")
    elif event in ("accepted", "declined"):
        recipients, url = {member.pk}, reverse("host:home")
    else:
        recipients = set(home_secretary_ids(member=member))
        recipients |= set(host_secretary_ids(organisation=membership.organisation))
        recipients.add(member.pk)
        url = reverse("host:home")
    actor_member = member_of(actor)
    if actor_member is not None:  # whoever did it needs no message about it
        recipients.discard(actor_member.pk)
    with translation.override(settings.LANGUAGE_CODE):
        title, body = _texts(membership, event)
    inbox_send(
        member_ids=recipients,
        kind=MessageKind.HOST_ORGANISATION,
        title=title,
        body=body,
        url=url,
        cause_key=f"host:{membership.pk}:{event}",
    )


# --- the workspace and the record -----------------------------------------------------------


@hooks.register(BRANCH_TABS)
def host_tab():
    return Tab(title=gettext_lazy("Members away from home"), url_name="host:manage")


@hooks.register(BRANCH_REPORT_SECTION)
def host_report_section(*, organisation, user):
    inside = Q(organisation__path__startswith=organisation.path)
    home_inside = Q(member__organisation__path__startswith=organisation.path)
    counts = HostMembership.objects.filter(inside | home_inside).aggregate(
        hosted_here=Count("pk", filter=inside & ~home_inside & Q(status=HostStatus.ACCEPTED)),
        away=Count("pk", filter=home_inside & ~inside & Q(status=HostStatus.ACCEPTED)),
        waiting=Count("pk", filter=inside & Q(status=HostStatus.APPLIED)),
    )
    if not any(counts.values()):
        return None
    return Section(
        key="host",
        title=_("Members away from home"),
        template="host/_branch_section.html",
        context={**counts, "url": reverse("host:manage")},
    )


@hooks.register(MEMBER_RECORD_SECTION)
def host_record_section(*, member):
    rows = list(
        HostMembership.objects.filter(member=member, status__in=("applied", "accepted"))
        .select_related("organisation")
        .order_by("-created_at")
    )
    return Section(
        key="host",
        title=_("Host organisation"),
        template="host/_record_section.html",
        context={"home": member.organisation, "open": rows, "url": reverse("host:home")},
    )
