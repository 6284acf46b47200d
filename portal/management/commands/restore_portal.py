from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.site.backups import Database, restore


class Command(BaseCommand):
    help = "Restore a backup made by backup_portal, replacing the database's contents and the media files."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by backup_portal")
        parser.add_argument(
            "--database-url", help="Restore into this database instead of the portal's (e.g. a scratch copy)"
        )
        parser.add_argument("--media-root", help="Restore media here instead of MEDIA_ROOT")
        parser.add_argument("--noinput", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args, folder, database_url=None, media_root=None, noinput=False, **options):
        database = Database.from_url(database_url) if database_url else Database.from_settings()
        media_root = media_root or settings.MEDIA_ROOT
        if not noinput:
            answer = input(
                f"This replaces everything in database {database.name} and in {media_root} "
                f"with the backup in {folder}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        restore(folder, database, media_root, report=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS("Restore finished. Run 'manage.py migrate' if the code is newer.")
        )
