"""Link each existing report to the committee of the committees app whose
slug is the report's address (`committee_slug`). No committee is created: a
report whose slug matches none stays unlinked and goes on working by its
slug and name, as before (reports/models.py). Reversing leaves the links to
be dropped with the column by 0002's reversal."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def link_reports(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    Committee = apps.get_model("committees", "Committee")
    same_slug = Committee.objects.filter(slug=OuterRef("committee_slug"))
    Report.objects.filter(
        committee__isnull=True, committee_slug__in=Committee.objects.values("slug")
    ).update(committee=Subquery(same_slug.values("pk")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("committees", "0002_reminder_delivery"),
        ("reports", "0002_report_committee"),
    ]

    operations = [
        migrations.RunPython(link_reports, migrations.RunPython.noop),
    ]
