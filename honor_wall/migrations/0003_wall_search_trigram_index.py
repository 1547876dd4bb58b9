from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS wall_entry_search_trgm "
    "ON honor_wall_wallentry USING gin (search gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS wall_entry_search_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        # ?q= is a substring search: a trigram index serves it on PostgreSQL. SQLite scans.
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("honor_wall", "0002_wall_listing")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
