"""The author of a pledge hears of the branch's review (cms.pledges.signals.pledge_reviewed)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from cms.members import member_of
from cms.pledges.models import BranchVerdict
from cms.pledges.signals import pledge_reviewed
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
