from django.db import migrations


def load(apps, schema_editor):
    # The loader reads models through ``apps`` so it works on this migration's historical state.
    from criteria.programme import load_seed_programme

    load_seed_programme(apps)


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
