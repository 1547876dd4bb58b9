from django.db import migrations


def load(apps, schema_editor):
    # A frozen copy (criteria/migrations/_seed_0002.py), read through this migration's ``apps``:
    # later edits of the live seed do not change what this migration loads.
    from ._seed_0002 import load_seed_programme

    load_seed_programme(apps)


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
