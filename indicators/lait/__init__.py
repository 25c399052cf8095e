"""Reading DfE's Local Authority Interactive Tool (LAIT) files, as DfE publishes them.

Pure functions over the two files and their cells: nothing here touches the
database. `import_lait` (the command) stands on this module; so can a preview.

The data file (`bds_long_0.parquet`, or the same seven columns as CSV or as
the first sheet of an XLSX workbook): one row per measure, year and authority,
with the columns `Short Desc, Data item, Years, LA and Regions, Values,
LA Number, Region`. Authorities are named by name and LA number (a float in
the Parquet file: 855.0), never by ONS code; England (970), the regions and
London's groups are numbered 970 and above with `Region` holding the text `NA`.

Reading is streamed in bounded batches: Parquet row group by row group with
pyarrow, CSV line by line with the stdlib `csv` module (`files.read_table`,
which also detects UTF-8 or Windows-1252), so memory stays flat whatever the
file's size.

Years (`parse_lait_year`), every form seen in the file:

| form | example | reading |
|---|---|---|
| single year | `2019` | the year named (for an academic, financial or reporting year, the one ending in it) |
| split year | `2019/20`, `2019-20` | the academic or financial year 2019/20 |
| range of years | `2014-16` | the calendar years 2014 to 2016 (3 years; rolling, so `2015-17` follows) |
| range of split years | `2013/14-15/16` | 2013/14 to 2015/16 (3 years) |
| marked | `2018 (Rev)`, `2020 (Final)`, `2025 (prov)`, `2016-17 (OT)` | revised, final, provisional; OT is the S251 *outturn* (actual spend, as against budget) |
| not a year | `0` | an error (one measure, CINPermExclusion, whose 170 rows for it are all `-`) |

`YYYY-YY` is both a split year (`2015-16`, academic) and a range (`2014-16`,
calendar): `dash_reading` decides per measure from the dictionary's year type
and the gaps in the measure's own years.

Values (`parse_lait_value`): numbers rounded to six places and normalised, so
that float noise goes (`37.700000000000003` is 37.7); scientific notation
(`4.7980000000000002E-2`) and negatives (Progress 8) are numbers; the only
symbol in the file is `-` (93,883 cells), kept as a symbol with no value,
never zero; the other suppression symbols DfE uses are read the same way by
`rating.parse_figure`.

Units, from the dictionary's `y_axis_name` (`unit_for_axis`): the rules, in
order, are

| axis name | unit | multiplier |
|---|---|---|
| starts with or contains `%`; `Entries`; `Absence Rate`; `Turnover rate` | percent | |
| `Rate per N ...` (N = 1000, 10,000 or 100,000) | rate | N |
| `Spend`, `Unit Cost` (pounds) | currency | |
| `Average...`, `... Score ...`, `Score` | score | |
| `Number...`, `Total cases`, `Social Workers`, `Starters FTE`, `Leavers FTE`, `Case Load` | number | |

and any other name is unknown (unit None and a note on the measure). Every
axis name in DfE's dictionary and its unit is listed in
`tests/data/lait/axis_units.csv`, which the tests hold the rules to.

Callers use this package's names (`from indicators import lait`); the
modules follow the sections above: `data` (the data file), `years`,
`year_types`, `values`, `areas`, `units` and `dictionary`.
"""

from __future__ import annotations

from indicators.lait.areas import (
    AGGREGATES_FROM,
    ENGLAND_CODE,
    ENGLAND_NUMBER,
    REGIONS_CSV,
    AreaKind,
    LaitArea,
    LaitAreaError,
    la_number,
    lait_area,
)
from indicators.lait.data import (
    BATCH_SIZE,
    LAIT_COLUMNS,
    PARQUET_MAGIC,
    LaitRow,
    iter_lait_batches,
    iter_lait_rows,
    lait_row_count,
    measure_years,
)
from indicators.lait.dictionary import (
    CODE_MAX_LENGTH,
    CODE_PREFIX,
    DEFAULT_DECIMALS,
    DICTIONARY_COLUMNS,
    EXCEL_EPOCH,
    MAX_DECIMALS,
    LaitDictionaryError,
    LaitMeasure,
    MeasureCoverage,
    excel_date,
    lait_code,
    measure_coverage,
    read_dictionary,
)
from indicators.lait.units import (
    AxisUnit,
    Unit,
    unit_for_axis,
)
from indicators.lait.values import (
    VALUE_PLACES,
    parse_lait_value,
)
from indicators.lait.year_types import (
    LAIT_YEAR_TYPES,
    LaitYearType,
    measured_for,
    year_type_of,
)
from indicators.lait.years import (
    DashReading,
    LaitYear,
    LaitYearError,
    Marker,
    MeasureYears,
    YearForm,
    dash_reading,
    parse_lait_year,
    parse_measure_years,
    superseded,
)

__all__ = [
    "AGGREGATES_FROM",
    "AreaKind",
    "AxisUnit",
    "BATCH_SIZE",
    "CODE_MAX_LENGTH",
    "CODE_PREFIX",
    "DEFAULT_DECIMALS",
    "DICTIONARY_COLUMNS",
    "DashReading",
    "ENGLAND_CODE",
    "ENGLAND_NUMBER",
    "EXCEL_EPOCH",
    "LAIT_COLUMNS",
    "LAIT_YEAR_TYPES",
    "LaitArea",
    "LaitAreaError",
    "LaitDictionaryError",
    "LaitMeasure",
    "LaitRow",
    "LaitYear",
    "LaitYearError",
    "LaitYearType",
    "MAX_DECIMALS",
    "Marker",
    "MeasureCoverage",
    "MeasureYears",
    "PARQUET_MAGIC",
    "REGIONS_CSV",
    "Unit",
    "VALUE_PLACES",
    "YearForm",
    "dash_reading",
    "excel_date",
    "iter_lait_batches",
    "iter_lait_rows",
    "la_number",
    "lait_area",
    "lait_code",
    "lait_row_count",
    "measure_coverage",
    "measure_years",
    "parse_lait_value",
    "parse_lait_year",
    "parse_measure_years",
    "read_dictionary",
    "superseded",
    "unit_for_axis",
    "measured_for",
    "year_type_of",
]
