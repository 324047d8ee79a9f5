"""Rebuild the search index from the live pages.

Elasticsearch: fills a new index and switches the alias (queries keep being answered from
the old one until then). Database: replaces the entries in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.backends import get_backend
from search.documents import count_live_pages
from search.services import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index (new index + alias switch on Elasticsearch)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=["elasticsearch", "database"],
            help="default: Elasticsearch when ELASTICSEARCH_URL is set",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        backend = get_backend(options.get("backend"))
        if not backend.ping():
            raise CommandError(f"search backend {backend.name} is not reachable")
        total = count_live_pages()
        bar = tqdm(
            total=total,
            unit="page",
            disable=options["no_progress"],
            desc=f"search_rebuild ({backend.name})",
            file=self.stderr._out,
        )
        try:
            count = rebuild_index(backend, progress=bar.update)
        finally:
            bar.close()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} pages into {backend.name}."))
