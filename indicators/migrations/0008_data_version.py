"""A sequence that recompute advances whenever published figures or their
ratings change: the dashboard keeps its rows until it moves. A sequence never
blocks, so concurrent imports do not queue on it (indicators/selectors.py)."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS indicators_data_version")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP SEQUENCE IF EXISTS indicators_data_version")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0007_observation_indexes_for_bulk_loads")]

    operations = [migrations.RunPython(create, drop)]
