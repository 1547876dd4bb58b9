from django.db import migrations

from mindspore_growth.migration_sql import on_postgresql

# The queue's search (reviews.selectors.queue_condition) looks for a substring of an applicant's
# email, display name or handle, as Django writes ``icontains`` on PostgreSQL:
# UPPER(column::text) LIKE UPPER('%…%'). A trigram index on that same expression finds the few
# people who match instead of upper-casing every account on every search.
COLUMNS = {
    "queue_search_email_trgm": ("accounts_user", "email"),
    "queue_search_display_name_trgm": ("applications_profile", "display_name"),
    "queue_search_handle_trgm": ("applications_profile", "handle"),
}
CREATE = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
    for name, (table, column) in COLUMNS.items()
]
DROP = [f"DROP INDEX IF EXISTS {name}" for name in COLUMNS]


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("accounts", "0001_initial"),
        ("applications", "0009_queue_by_age_index"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
