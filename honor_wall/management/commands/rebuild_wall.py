from django.core.management.base import BaseCommand

from honor_wall.listing import wall_rebuild


class Command(BaseCommand):
    help = "Recompute the Wall of Honor's listing from profiles and certifications."

    def handle(self, *args, **options):
        count = wall_rebuild()
        self.stdout.write(f"{count} people on the wall.")
