from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contact.models import Message


class Command(BaseCommand):
    help = (
        "Delete the contact form's messages older than CONTACT_RETENTION_DAYS, as the privacy notice promises. "
        "Meant to run every day from cron."
    )

    def handle(self, *args, **options):
        days = settings.CONTACT_RETENTION_DAYS
        if days < 1:  # 0 would delete the message that arrived a second ago
            raise CommandError(f"CONTACT_RETENTION_DAYS is {days}: it must be at least 1.")
        deleted, _by_model = Message.objects.older_than(days).delete()
        self.stdout.write(f"Deleted {deleted} message(s) older than {days} days.")
