"""Write the demo's illustrative quarterly return for Leicestershire.

`manage.py seed_demo` makes this return itself for the day it loads the
demo (see returns/demo.py), so that the latest quarter is always recent.
This script writes the same file without a database, for a given day:

    python scripts/make_demo_return.py [--today 2026-11-26] > return.csv

data/demo/leicestershire_return_illustrative.csv is one such file, kept as
an example of the return format.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from returns.demo_return import latest_quarter, write_return  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=datetime.date.today(),
        help="the day the figures are for (default: today)",
    )
    write_return(sys.stdout, latest_quarter(parser.parse_args().today))


if __name__ == "__main__":
    main()
