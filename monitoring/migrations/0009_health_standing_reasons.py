from django.db import migrations, models


def recount_everything(apps, schema_editor):
    """The health kept so far has no reasons: every standing is counted again at its next read
    (or the daily recount), which keeps them."""
    apps.get_model("pendampingan", "Standing").objects.update(outdated=True)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0008_health_standing"),
        ("pendampingan", "0017_agreement_title_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="healthstanding",
            name="action_counts",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="healthstanding",
            name="ranked",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(recount_everything, migrations.RunPython.noop),
    ]
