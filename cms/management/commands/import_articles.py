"""Import article files as draft stories: `manage.py import_articles PATH...`.

PATH is a .txt file or a folder (searched recursively for *.txt). Each file is imported on its
own: one bad file does not stop the others. A summary table ends the run.

Exit status: 0 when at least one file was created or unchanged (or no files were given to a
folder that holds none); 1 when every file failed, or when a path does not exist. A run that
only partly failed exits 0 so that re-running a batch is harmless; the table shows the failures.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from cms.importer.services import CREATED, FAILED, UNCHANGED, default_indexes, import_article


def article_files(paths):
    files, missing = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


class Command(BaseCommand):
    help = "Import article text files (*.txt) as draft stories with draft profiles."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="article files or folders of *.txt files")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, no_progress=False, **options):
        files, missing = article_files(paths)
        if missing:
            raise CommandError("No such file or folder: " + ", ".join(missing))
        story_index, profile_index = default_indexes()
        if story_index is None or profile_index is None:
            raise CommandError(
                "The site has no story or profile index page; "
                "run `manage.py load_demo` or create them first."
            )
        results = []
        progress = tqdm(
            files,
            unit="file",
            disable=no_progress or not files,
            file=self.stderr._out,
            desc="import",
        )
        for path in progress:
            try:
                raw = path.read_bytes()
            except OSError as error:
                results.append(
                    (
                        path,
                        FAILED,
                        _("The file could not be read: %(reason)s") % {"reason": error.strerror},
                        None,
                    )
                )
                continue
            result = import_article(
                raw, path.name, story_index=story_index, profile_index=profile_index
            )
            results.append((path, result.status, result.message, result))
        self.print_summary(results)
        if files and all(status == FAILED for _, status, _, _ in results):
            raise CommandError("Every file failed to import.", returncode=1)

    def print_summary(self, results):
        width = max([len(str(p)) for p, *_ in results] + [4])
        self.stdout.write(f"{'file':<{width}}  {'status':<9}  detail")
        for path, status, message, result in results:
            if status == CREATED:
                detail = (
                    f"{result.story.title} (id {result.story.pk}); "
                    f"{len(result.profiles)} people, {len(result.created_profiles)} new"
                )
                style = self.style.SUCCESS
            elif status == UNCHANGED:
                detail = f"{message}: {result.story.title}" if result.story else message
                style = self.style.WARNING
            else:
                detail, style = message, self.style.ERROR
            self.stdout.write(f"{str(path):<{width}}  " + style(f"{status:<9}") + f"  {detail}")
        counts = {
            s: sum(1 for _, status, *_ in results if status == s)
            for s in (CREATED, UNCHANGED, FAILED)
        }
        self.stdout.write(
            f"{counts[CREATED]} created, {counts[UNCHANGED]} unchanged, {counts[FAILED]} failed"
        )
