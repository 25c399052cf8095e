"""What the officer pages' tests share: form data, submitted figures and
workbooks."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from indicators.models import Observation
from tests.factories import ObservationFactory


def formset(rows: list[dict[str, str]], action: str) -> dict[str, str]:
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "action": action,
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{n}-{key}"] = value
    return data


def entry(indicator, value="", commentary="", numerator="", denominator=""):  # type: ignore[no-untyped-def]
    return {
        "indicator": str(indicator.pk), "value": value, "numerator": numerator,
        "denominator": denominator, "commentary": commentary,
    }  # fmt: skip


def submitted(indicator, q2, value="70", commentary="Explained."):  # type: ignore[no-untyped-def]
    return ObservationFactory(
        indicator=indicator, area=indicator_area(), period=q2, value=Decimal(value),
        status=Observation.Status.SUBMITTED, commentary=commentary,
    )  # fmt: skip


def indicator_area():  # type: ignore[no-untyped-def]
    from indicators.services.common import home_area

    return home_area()


GOOD = (
    b"indicator_code,period,value,numerator,denominator,commentary\r\n"
    b"assess,2025/26 Q2,82.5,33,40,On track\r\n"
)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
