from django.core.management.base import BaseCommand

from honor_wall.holdings import held_tiers_rebuild
from honor_wall.listing import wall_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the Wall of Honor's listing and what each person holds (HeldTier) from "
        "profiles and certifications."
    )

    def handle(self, *args, **options):
        count = wall_rebuild()
        held = held_tiers_rebuild()
        self.stdout.write(f"{count} people on the wall; {held} certifications held.")
