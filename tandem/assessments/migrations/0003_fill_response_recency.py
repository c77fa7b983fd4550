"""Fill Response.recency for the results stored before it existed (the same ranking as the
window function the caseload used: per person and instrument, completed_at desc, id desc)."""

from django.db import migrations
from django.db.models import F, Window
from django.db.models.functions import RowNumber

RECENT = 2
CHUNK = 500


def fill(apps, schema_editor):
    Response = apps.get_model("assessments", "Response")
    db = schema_editor.connection.alias
    responses = Response.objects.using(db)
    owner_ids = sorted(set(responses.filter(status="complete").values_list("owner_id", flat=True)))
    for start in range(0, len(owner_ids), CHUNK):
        base = responses.filter(owner_id__in=owner_ids[start : start + CHUNK])
        base.filter(recency__isnull=False).update(recency=None)
        ranked = (
            base.filter(status="complete")
            .annotate(
                position=Window(
                    RowNumber(),
                    partition_by=[F("owner_id"), F("instrument_key")],
                    order_by=[F("completed_at").desc(), F("id").desc()],
                )
            )
            .filter(position__lte=RECENT)
            .values_list("pk", "position")
        )
        by_position: dict[int, list[int]] = {}
        for pk, position in ranked:
            by_position.setdefault(position, []).append(pk)
        for position, pks in by_position.items():
            for at in range(0, len(pks), CHUNK):
                base.filter(pk__in=pks[at : at + CHUNK]).update(recency=position)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_response_recency")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
