from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.site.backups import Database, back_up


class Command(BaseCommand):
    help = "Back up the database and media files into a new folder under backups/ (or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="The folder to create (default: backups/portal-<UTC time>)")

    def handle(self, *args, output=None, **options):
        folder = Path(output or settings.BASE_DIR / "backups" / f"portal-{datetime.now(UTC):%Y%m%d-%H%M%S}")
        back_up(folder, Database.from_settings(), settings.MEDIA_ROOT, report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
