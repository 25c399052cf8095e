"""One report per committee and period, now by the link that 0003 filled
(unlinked reports are kept to one per address by report_per_address_period)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_link_reports_to_committees"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("committee", "period"), name="report_per_committee_period"
            ),
        ),
    ]
