from django.db import migrations


def load(apps, schema_editor):
    # The evangelist track's revised rules (a frozen copy, criteria/migrations/_seed_0003.py): a
    # new rule-set version for each of its tiers, so applications judged by version 1 keep it.
    from ._seed_0003 import load_evangelist_rules

    load_evangelist_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("criteria", "0002_load_seed_programme")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
