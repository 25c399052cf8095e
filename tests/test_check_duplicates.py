"""scripts/check_duplicates.py, run by `make lint`: a block of six or more
lines written twice in the templates or the product's Python fails it,
unless scripts/duplicates_allowed.txt gives the block's reason; tests,
migrations, blank lines, comments, imports and closing lines do not count."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_duplicates.py"
BLOCK = "".join(f"    total_{n} = compute({n})\n" for n in range(6))


def check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_project_repeats_no_block_and_is_checked_quickly() -> None:
    started = time.monotonic()
    done = check(SCRIPT.parents[1])
    assert done.returncode == 0, done.stdout
    assert time.monotonic() - started < 5


def test_six_repeated_lines_fail_and_five_pass(tmp_path: Path) -> None:
    five = "".join(BLOCK.splitlines(keepends=True)[:5])
    write(tmp_path, "app/a.py", "def a():\n" + five)
    write(tmp_path, "app/b.py", "def b():\n" + five)
    assert check(tmp_path).returncode == 0
    write(tmp_path, "app/b.py", "def b():\n" + BLOCK)
    write(tmp_path, "app/a.py", "def a():\n" + BLOCK)
    done = check(tmp_path)
    assert done.returncode == 1
    assert "app/a.py ~ app/b.py" in done.stdout


def test_a_repeat_in_one_template_fails(tmp_path: Path) -> None:
    rows = "".join(f'<p class="govuk-body">Line {n}</p>\n' for n in range(6))
    write(tmp_path, "templates/page.html", rows + "<hr>\n" + rows)
    done = check(tmp_path)
    assert done.returncode == 1
    assert "templates/page.html ~ templates/page.html" in done.stdout


def test_blank_comment_and_closing_lines_do_not_make_a_repeat(tmp_path: Path) -> None:
    thin = "\n# a comment\n</div>\n{% endif %}\n)\nimport os\n" * 6
    write(tmp_path, "templates/a.html", thin)
    write(tmp_path, "app/a.py", thin)
    write(tmp_path, "app/b.py", thin)
    assert check(tmp_path).returncode == 0


def test_tests_and_migrations_are_not_read(tmp_path: Path) -> None:
    write(tmp_path, "app/a.py", "def a():\n" + BLOCK)
    write(tmp_path, "tests/test_a.py", "def a():\n" + BLOCK)
    write(tmp_path, "app/migrations/0001_initial.py", "def a():\n" + BLOCK)
    assert check(tmp_path).returncode == 0


def test_an_allowed_block_passes_with_its_reason(tmp_path: Path) -> None:
    write(tmp_path, "app/a.py", "def a():\n" + BLOCK)
    write(tmp_path, "app/b.py", "def b():\n" + BLOCK)
    listed = check(tmp_path, "--list").stdout
    assert listed.startswith(tuple("0123456789abcdef"))
    write(tmp_path, "scripts/duplicates_allowed.txt", listed)
    assert check(tmp_path).returncode == 0


def test_the_names_of_a_parenthesised_import_do_not_make_a_repeat(
    tmp_path: Path,
) -> None:
    names = "".join(f"    Name{n},\n" for n in range(8))
    imported = f"from django.db.models import (\n{names})\n"
    write(tmp_path, "app/a.py", imported + "\nA = 1\n")
    write(tmp_path, "app/b.py", imported + "\nB = 2\n")
    assert check(tmp_path).returncode == 0
    # The same names outside an import are a repeat.
    write(tmp_path, "app/a.py", f"NAMES = [\n{names}]\n")
    write(tmp_path, "app/b.py", f"OTHERS = [\n{names}]\n")
    assert check(tmp_path).returncode == 1
