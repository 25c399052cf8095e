"""Each existing committee follows the indicators of the themes in its
remit, so that its dashboard and reports cover what they covered before
committees chose their indicators one by one."""

from django.db import migrations


def follow_remit(apps, schema_editor):
    Committee = apps.get_model("committees", "Committee")
    Indicator = apps.get_model("indicators", "Indicator")
    for committee in Committee.objects.all():
        themes = committee.remit.values_list("pk", flat=True)
        committee.follows.add(*Indicator.objects.filter(theme_id__in=list(themes)))


class Migration(migrations.Migration):
    dependencies = [("committees", "0003_committee_follows_indicators")]

    operations = [migrations.RunPython(follow_remit, migrations.RunPython.noop)]
