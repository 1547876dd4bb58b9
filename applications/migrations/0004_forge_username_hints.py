# The typed Gitee/GitHub usernames stay, relabelled as unverified hints: linked accounts win.

import applications.models.profile
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0003_held_tier"),
    ]

    operations = [
        migrations.AlterField(
            model_name="profile",
            name="gitee_username",
            field=models.CharField(
                blank=True,
                help_text="Only a hint until you link your Gitee account.",
                max_length=39,
                validators=[applications.models.profile.forge_username],
                verbose_name="Gitee username (typed by you, not verified)",
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="github_username",
            field=models.CharField(
                blank=True,
                help_text="Only a hint until you link your GitHub account.",
                max_length=39,
                validators=[applications.models.profile.forge_username],
                verbose_name="GitHub username (typed by you, not verified)",
            ),
        ),
    ]
