"""Reports link to their committee: a nullable foreign key beside the slug and
name (see reports/models.py). 0003 fills it; 0004 adds its unique rule."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0002_reminder_delivery'),
        ('indicators', '0011_observation_published_manager_is_default'),
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The one-report-per-address rule keeps its meaning under a new name;
        # the old name goes to the one-report-per-committee rule (0004), once
        # 0003 has linked the reports.
        migrations.RemoveConstraint(
            model_name='report',
            name='report_per_committee_period',
        ),
        migrations.AddField(
            model_name='historicalreport',
            name='committee',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='committees.committee'),
        ),
        migrations.AddField(
            model_name='report',
            name='committee',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='committees.committee'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.UniqueConstraint(fields=('committee_slug', 'period'), name='report_per_address_period'),
        ),
    ]
