"""评诺 in the inbox: the nearest secretaries hear that a member reports a pledge fulfilled
(cms.pledges.signals.pledge_fulfilled), the author hears of the branch's review
(pledge_reviewed)."""

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.members import member_of
from cms.models import Member, MemberRole
from cms.pledges.models import BranchVerdict
from cms.pledges.signals import pledge_fulfilled, pledge_reviewed
from learning.inbox import inbox_send
from learning.models import MessageKind


@receiver(pledge_reviewed)
def tell_author_of_branch_review(sender, *, pledge, **kwargs):
    member = member_of(pledge.author)
    if member is None:
        return
    confirmed = pledge.branch_verdict == BranchVerdict.CONFIRMED
    inbox_send(
        member_ids=[member.pk],
        kind=MessageKind.REVIEW,
        title=_("The branch confirmed your pledge report")
        if confirmed
        else _("The branch disputed your pledge report"),
        body=pledge.branch_note,
        url=pledge.get_full_url(),
        # Once per pledge and verdict: a dispute later confirmed is told again.
        cause_key=f"pledge-review:{pledge.pk}:{pledge.branch_verdict}",
    )


@receiver(pledge_fulfilled)
def tell_secretaries_of_report(sender, *, pledge, member, **kwargs):
    """The secretaries and committee of the nearest organisation above the pledge (itself
    included) that has any: not every level up to the root."""
    organisation = pledge.organisation
    if organisation is None:
        return
    step = organisation.steplen
    paths = [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]
    rows = (
        Member.objects.filter(
            organisation__path__in=paths, role__in=(MemberRole.SECRETARY, MemberRole.COMMITTEE)
        )
        .exclude(pk=member.pk)
        .values_list("pk", "organisation__path")
    )
    by_path = {}
    for pk, path in rows:
        by_path.setdefault(path, []).append(pk)
    if not by_path:
        return
    nearest = by_path[max(by_path, key=len)]
    url = f"{reverse('reviews:branch')}?org={organisation.pk}"
    title = _("A pledge awaits the branch's review: %(name)s") % {"name": pledge.member_name}
    transaction.on_commit(
        lambda: inbox_send(
            member_ids=nearest,
            kind=MessageKind.REVIEW,
            title=title,
            body=pledge.text[:200],
            url=url,
            cause_key=f"pledge-report:{pledge.pk}",
        )
    )
