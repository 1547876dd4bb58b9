"""The organisations and repository scopes the programme starts with (editable in the admin)."""

from django.db import migrations

FRAMEWORK = ["mindspore", "graphengine", "akg"]
TOOLKITS = ["mindarmour", "mindquantum", "mindscience", "mindformers", "mindinsight", "serving"]
SEED = {
    # forge, organisation, (rule, value): Gitee closes an issue it accepted ("rejected" is its
    # own state); GitHub closes as completed, and MindSpore's mirror labels accepted issues.
    ("gitee", "mindspore", ("state", "closed")): {
        **dict.fromkeys(FRAMEWORK, "framework_core"),
        **dict.fromkeys(TOOLKITS, "toolkit_core"),
        "docs": "documentation",
        "models": "application",
    },
    ("github", "mindspore-ai", ("label", "accepted")): {
        **dict.fromkeys(FRAMEWORK, "framework_core"),
        **dict.fromkeys(TOOLKITS, "toolkit_core"),
        "docs": "documentation",
        "models": "application",
    },
}


def seed(apps, schema_editor):
    Organisation = apps.get_model("forges", "Organisation")
    Repository = apps.get_model("forges", "Repository")
    for (forge, name, (rule, value)), repositories in SEED.items():
        organisation, _created = Organisation.objects.get_or_create(
            forge=forge,
            name=name,
            defaults={"accepted_issue_rule": rule, "accepted_issue_value": value},
        )
        for repository, scope in repositories.items():
            Repository.objects.get_or_create(
                organisation=organisation, name=repository, defaults={"scope": scope}
            )


class Migration(migrations.Migration):
    dependencies = [("forges", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
