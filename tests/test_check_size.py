"""scripts/check_size.py, run by `make lint`: a module over 400 lines fails
it anywhere but in migrations, and a function over 60 lines outside tests
and migrations; a long test function is listed, never failed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_size.py"


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def function(lines: int) -> str:
    return "def long():\n" + "    x = 1\n" * (lines - 1)


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_project_keeps_within_the_limits() -> None:
    done = check(SCRIPT.parents[1])
    assert done.returncode == 0, done.stdout


def test_a_function_of_61_lines_fails_and_one_of_60_passes(tmp_path: Path) -> None:
    write(tmp_path, "app/ok.py", function(60))
    assert check(tmp_path).returncode == 0
    write(tmp_path, "app/long.py", function(61))
    done = check(tmp_path)
    assert done.returncode == 1
    assert "app/long.py:1: long() has 61 lines (at most 60)" in done.stdout


def test_a_module_of_401_lines_fails(tmp_path: Path) -> None:
    write(tmp_path, "app/ok.py", "x = 1\n" * 400)
    assert check(tmp_path).returncode == 0
    write(tmp_path, "app/big.py", "x = 1\n" * 401)
    done = check(tmp_path)
    assert done.returncode == 1
    assert "app/big.py: the module has 401 lines (at most 400)" in done.stdout


def test_long_test_functions_and_migrations_are_not_failed(tmp_path: Path) -> None:
    write(tmp_path, "tests/test_long.py", function(200))
    write(tmp_path, "app/migrations/0001_initial.py", "x = 1\n" * 900)
    done = check(tmp_path)
    assert done.returncode == 0
    assert "note (a test function is not failed): tests/test_long.py:1" in done.stdout
    assert "migrations" not in done.stdout


def test_a_test_module_of_401_lines_fails(tmp_path: Path) -> None:
    write(tmp_path, "tests/test_ok.py", "x = 1\n" * 400)
    assert check(tmp_path).returncode == 0
    write(tmp_path, "tests/test_big.py", "x = 1\n" * 401)
    done = check(tmp_path)
    assert done.returncode == 1
    assert "tests/test_big.py: the module has 401 lines (at most 400)" in done.stdout
