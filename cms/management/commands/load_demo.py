from django.core.management.base import BaseCommand

from cms.demo import ADMIN_PASSWORD, ADMIN_USERNAME, load_demo
from learning.demo import DEMO_PASSWORD, DEMO_USERNAME


class Command(BaseCommand):
    help = (
        "Load the demo site, with the seed articles imported and published "
        "(idempotent: a second run changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seeds",
            action="store_true",
            help="only the hand-made pages: do not import ../shared/seeds",
        )

    def handle(self, *args, no_seeds=False, **options):
        load_demo(log=lambda message: self.stdout.write(message), seeds=not no_seeds)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: http://127.0.0.1:8000/admin/  user {ADMIN_USERNAME}  "
                f"password {ADMIN_PASSWORD}"
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Member login: http://127.0.0.1:8000/accounts/login/  user {DEMO_USERNAME}  "
                f"password {DEMO_PASSWORD}"
            )
        )
