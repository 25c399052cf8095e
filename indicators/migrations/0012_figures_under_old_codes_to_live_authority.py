"""Figures filed under an authority's old code belong to the live authority
with the same DfE LA number (DESIGN.md, "Authorities that change code"):
Somerset's figures before 2023 move from E10000027 to E06000066, so that
neighbour means, ranks and cut-points count it once. Where the live
authority already holds a figure for the same indicator and period, the old
code's copy goes. Run `manage.py recompute` afterwards (or import any file)
to rate the moved figures."""

from __future__ import annotations

from django.db import migrations


def move_figures(apps, schema_editor):  # type: ignore[no-untyped-def]
    Area = apps.get_model("indicators", "Area")
    Observation = apps.get_model("indicators", "Observation")
    Neighbour = apps.get_model("indicators", "StatisticalNeighbour")
    authorities = Area._base_manager.filter(level="local_authority").exclude(la_number="")
    live = {a.la_number: a for a in authorities if a.terminated_on is None}
    for old in authorities.filter(terminated_on__isnull=False):
        new = live.get(old.la_number)
        if new is None or new.pk == old.pk:
            continue
        figures = Observation._base_manager.filter(area=old)
        held = set(
            Observation._base_manager.filter(area=new).values_list("indicator_id", "period_id")
        )
        clash = [
            pk for pk, i, p in figures.values_list("pk", "indicator_id", "period_id") if (i, p) in held
        ]
        figures.filter(pk__in=clash).delete()
        figures.update(area=new)
        linked = set(Neighbour._base_manager.filter(neighbour=new).values_list("area_id", flat=True))
        Neighbour._base_manager.filter(neighbour=old, area_id__in=linked).delete()
        Neighbour._base_manager.filter(neighbour=old).exclude(area=new).update(neighbour=new)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0011_observation_published_manager_is_default")]
    operations = [migrations.RunPython(move_figures, migrations.RunPython.noop)]
