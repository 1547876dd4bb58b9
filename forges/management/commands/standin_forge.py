"""``manage.py standin_forge [ADDRESS]``: serve the stand-in Gitee and GitHub (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forges.standin.server import serve


class Command(BaseCommand):
    help = (
        "Serve a stand-in Gitee and GitHub (OAuth sign-in and the REST listings the import "
        "reads) for development. Refuses to run with DEBUG=false."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "address", nargs="?", default="127.0.0.1:8001", help="host:port (127.0.0.1:8001)"
        )

    def handle(self, *args, address, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The stand-in forge is for development only: it refuses to run with DEBUG=false."
            )
        host, _colon, port = address.rpartition(":")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise CommandError(
                f"ADDRESS must be host:port, for example 127.0.0.1:8001 (got {address!r})."
            )
        try:
            server = serve(host or "127.0.0.1", int(port))
        except OSError as exc:
            raise CommandError(f"Cannot listen on {address}: {exc.strerror}.") from None
        root = f"http://{host or '127.0.0.1'}:{port}"
        self.stdout.write(f"Stand-in Gitee and GitHub on {root}/ (the page lists who you can be).")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
