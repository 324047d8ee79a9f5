from django.core.management.base import BaseCommand

from cms.demo import demo_logins, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo site, with the seed articles imported and published "
        "(idempotent: a second run changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seeds",
            action="store_true",
            help="only the hand-made pages: do not import the demo articles (cms/demo_articles.py)",
        )

    def handle(self, *args, no_seeds=False, **options):
        load_demo(log=lambda message: self.stdout.write(message), seeds=not no_seeds)
        # The admin's login, then each app's (learning adds the demo member's).
        for label, path, username, password in demo_logins():
            self.stdout.write(
                self.style.SUCCESS(
                    f"{label}: http://127.0.0.1:8000{path}  user {username}  password {password}"
                )
            )
