"""SQL that only PostgreSQL runs, for migrations: indexes SQLite has no kind of (trigram)."""


def on_postgresql(statements: list[str]):
    """A ``RunPython`` function executing ``statements`` on PostgreSQL and nothing elsewhere.

    The tests and the development set-up run on SQLite, which scans where PostgreSQL would use
    the index: the results are the same, only the speed differs.
    """

    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply
