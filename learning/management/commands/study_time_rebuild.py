"""Backfill and recount the study-time totals (learning.services.study_time)."""

from django.core.management.base import BaseCommand

from learning.services.study_time import study_time_rebuild


class Command(BaseCommand):
    help = "Backfill study credits from folded progress events and recount the yearly and weekly totals."

    def handle(self, *args, **options):
        result = study_time_rebuild()
        self.stdout.write(
            "Study credits added: {credits_added}; member-years: {years}; "
            "member-weeks: {weeks}.".format(**result)
        )
