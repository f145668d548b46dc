from django.core.management.base import BaseCommand

from profiles.demo import load_demo


class Command(BaseCommand):
    help = (
        "Add the demo content (the Municipality of Lecce, its four EU projects and their partners) "
        "where it is missing. Existing rows are left as they are, so running it again changes nothing."
    )

    def handle(self, *args, **options):
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {created} rows created."))
        else:
            self.stdout.write("Demo content already present: nothing to add.")
