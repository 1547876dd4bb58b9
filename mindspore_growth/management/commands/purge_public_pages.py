from django.core.management.base import BaseCommand

from mindspore_growth.public_cache import purge


class Command(BaseCommand):
    help = "Retire every stored public page (after a deploy that changes templates)."

    def handle(self, *args, **options):
        purge()
        self.stdout.write("Stored public pages retired; each is rendered again on its next visit.")
