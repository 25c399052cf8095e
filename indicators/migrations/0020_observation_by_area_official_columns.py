"""`observation_by_area` also holds `source` and `illustrative`: the latest
home figure of each indicator (the dashboard's rows, the overall position)
is the official one where a local one ends the same day, and with those two
columns in the index the ranking reads no table page (19 ms to 6 ms for the
home authority's 3,754 LAIT figures; bench/README.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0019_indicator_next_update"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="observation",
            name="observation_by_area",
        ),
        migrations.AddIndex(
            model_name="observation",
            index=models.Index(
                fields=["area"],
                include=(
                    "indicator",
                    "period",
                    "status",
                    "id",
                    "source",
                    "illustrative",
                ),
                name="observation_by_area",
            ),
        ),
    ]
