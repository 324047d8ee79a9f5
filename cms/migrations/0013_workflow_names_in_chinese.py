"""The default workflow and its task, which Wagtail creates as "Moderators approval", named in
Chinese: the name is data shown as is in the admin ("提交给Moderators approval" on every page's
publish menu). Only names still at Wagtail's default are changed; an editor's own are kept."""

from django.db import migrations

DEFAULT_NAME = "Moderators approval"
CHINESE_NAME = "审核员审批"


def rename(apps, schema_editor, old=DEFAULT_NAME, new=CHINESE_NAME):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=CHINESE_NAME, new=DEFAULT_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0012_brand_live_figures"),
        # The default workflow and task are made by this Wagtail migration.
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
