"""Receivers: the worker's remembered section rules follow editors' changes to lectures, a
fulfilled pledge the branch confirmed (cms.pledges.signals) pays its service points, and a
pledge's review result reaches its author's inbox."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from cms.pledges.signals import pledge_confirmed, pledge_moderated
from learning.branch.schedule import pledge_moderated_notify
from learning.models import LecturePage, LectureSection, PointsReason
from learning.selectors import forget_section_rules
from learning.services.points import award_points


@receiver(page_published, sender=LecturePage)
@receiver(page_unpublished, sender=LecturePage)
@receiver(post_save, sender=LecturePage)
@receiver(post_delete, sender=LecturePage)
@receiver(post_save, sender=LectureSection)
@receiver(post_delete, sender=LectureSection)
# A restriction added or removed changes which lectures' reports ask about the member.
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def lecture_changed(sender, **kwargs):
    forget_section_rules()


@receiver(pledge_confirmed)
def pay_for_fulfilled_pledge(sender, *, pledge, member, **kwargs):
    # Paid when the branch confirms the member's report (评诺, learning.reviews), not on the
    # report itself. One entry per pledge (the source key is unique), however often announced.
    award_points(member, PointsReason.PLEDGE_FULFILLED, f"pledge-fulfilled:{pledge.pk}")


@receiver(pledge_moderated)
def tell_author_of_review(sender, *, pledge, approved, **kwargs):
    # Once per pledge and outcome (the message's cause key), unless the author muted it.
    pledge_moderated_notify(pledge=pledge, approved=approved)
