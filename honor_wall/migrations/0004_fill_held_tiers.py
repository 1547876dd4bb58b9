from django.db import migrations


def fill(apps, schema_editor):
    """What each person holds, from the certifications issued so far (frozen here: this
    migration reads the historical models, never live code)."""
    Certification = apps.get_model("honor_wall", "Certification")
    HeldTier = apps.get_model("applications", "HeldTier")
    HeldTier.objects.bulk_create(
        (
            HeldTier(
                person_id=certification.person_id,
                tier_id=certification.tier_id,
                certification_id=certification.pk,
                valid_until=certification.expires_on,
            )
            for certification in Certification.objects.filter(
                status="valid", person__isnull=False
            ).iterator()
        ),
        batch_size=2000,
    )


def empty(apps, schema_editor):
    apps.get_model("applications", "HeldTier").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("honor_wall", "0003_wall_search_trigram_index"),
        ("applications", "0003_held_tier"),
    ]

    operations = [migrations.RunPython(fill, empty)]
