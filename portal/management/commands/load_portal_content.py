from django.core.management.base import BaseCommand, CommandError

from portal.content.loader import DEFAULT_CONTENT_FILE, ContentError, load_content


class Command(BaseCommand):
    help = (
        "Create or update the portal's pages and snippets from the content file in the repository. "
        "Safe to run again: unchanged content is left alone and pages edited in the admin are kept. "
        "Translations beside the file (portal_content.es.yaml) are loaded with it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(DEFAULT_CONTENT_FILE),
            help="The YAML content file to load, with its translations beside it (default: the portal's own content).",
        )

    def handle(self, *args, **options):
        try:
            report = load_content(options["file"])
        except ContentError as error:
            raise CommandError(f"Content not loaded: {error}") from None
        verbosity = options["verbosity"]
        for outcome in ("created", "updated", "kept"):
            for label in getattr(report, outcome):
                if verbosity >= 1:
                    self.stdout.write(f"  {outcome}: {label}")
        if verbosity >= 2:
            for label in report.unchanged:
                self.stdout.write(f"  unchanged: {label}")
        summary = (
            f"Portal content: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.kept)} kept as they are (edited in the admin, or taken off the site)."
        )
        self.stdout.write(self.style.SUCCESS(summary))
