"""Keep the worker's remembered section rules true when editors change lectures."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from learning.models import LecturePage, LectureSection
from learning.selectors import forget_section_rules


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
