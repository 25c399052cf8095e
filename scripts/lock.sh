#!/usr/bin/env bash
# Lock every dependency exactly, with hashes, from requirements/*.in:
#   requirements.txt      run time, from requirements/base.in (the Dockerfile)
#   requirements-dev.txt  run time + tests, lint and types, from
#                         requirements/dev.in (`make venv`)
# Both are installed with `pip install --require-hashes -r ...`, so pip
# refuses any file whose sha256 is not written here.
#
# The compiler is uv, pinned in requirements/dev.in (so `make venv` installs
# it into .venv); the commands are
#   uv pip compile --universal --python-version 3.12 --generate-hashes \
#       requirements/base.in -o requirements.txt
#   uv pip compile --universal --python-version 3.12 --generate-hashes \
#       requirements/dev.in -o requirements-dev.txt
# --universal resolves once for every Python from 3.12 up on every platform
# (a dependency of one platform only, such as tzdata on Windows, is kept with
# its marker and pip skips it elsewhere); --generate-hashes writes the hash of
# every file PyPI has for each pinned version (the wheels for CPython 3.12
# and 3.13, Linux and macOS, and the sdist). dev.in takes base.in with
# requirements.txt as constraints, so both files pin the same run time.
#
# Pins already in the two files are kept; to move one, edit its pin in the
# .in file, or pass uv's own flag, e.g. `scripts/lock.sh --upgrade-package
# certifi` (or `--upgrade` for everything).
#
# UV=/path/to/uv runs another uv (same version, 0.13.8, for the same files).
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.venv/bin/uv}
command -v "$UV" >/dev/null || {
  echo "uv is needed: run 'make venv' (it installs uv from requirements-dev.txt) or set UV=/path/to/uv" >&2
  exit 1
}
# Resolve from PyPI (uv's default index) only, whatever the machine's pip or
# uv settings say, and never build or download a Python: the wheels'
# metadata is all the resolver reads.
unset UV_INDEX UV_INDEX_URL UV_DEFAULT_INDEX UV_EXTRA_INDEX_URL UV_FIND_LINKS
compile=("$UV" pip compile --universal --python-version 3.12 --generate-hashes
  --no-config --no-build --no-python-downloads --quiet
  --custom-compile-command "scripts/lock.sh" "$@")
"${compile[@]}" requirements/base.in -o requirements.txt
"${compile[@]}" requirements/dev.in -o requirements-dev.txt
echo "requirements.txt and requirements-dev.txt locked with hashes."
