from django.db import migrations

from mindspore_growth.migration_sql import on_postgresql

# ?q= is a substring search: a trigram index serves it on PostgreSQL. SQLite scans.
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS wall_entry_search_trgm "
    "ON honor_wall_wallentry USING gin (search gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS wall_entry_search_trgm"]


class Migration(migrations.Migration):
    dependencies = [("honor_wall", "0002_wall_listing")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
