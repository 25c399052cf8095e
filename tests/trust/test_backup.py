"""Backups: `make backup` dumps a database with figures, their audit history,
import jobs and resolutions; `make restore` loads it into an empty database,
where every row of every table is found again, byte for byte."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from committees.models import Resolution
from indicators.models import ImportJob, Observation
from indicators.services import import_job_create, import_job_wait
from returns.services import figure_revise
from tests.committees.factories import ResolutionFactory
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
pytestmark = pytest.mark.django_db(transaction=True)


def url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db.get('USER') or 'postgres'}{password}@"
        f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
    )


def admin_connection():  # type: ignore[no-untyped-def]
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres",
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    conn.autocommit = True
    return conn


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A new, empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    conn = admin_connection()  # not `with conn`: that opens a transaction
    with conn.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    try:
        yield name
    finally:
        conn = admin_connection()
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def run(
    command: list[str], database: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "DATABASE_URL": url(database), **env},
    )  # fmt: skip


def fingerprint(database: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and an md5 of all its rows (as text, sorted)."""
    conn = psycopg2.connect(url(database))
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
            tables = sorted(name for (name,) in cursor.fetchall())
            result = {}
            for table in tables:
                query = sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, chr(10)"
                    " ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(table))
                cursor.execute(query)
                count, digest = cursor.fetchone()
                result[table] = (count, digest)
            return result
    finally:
        conn.close()


@pytest.fixture
def a_quarter_of_work(settings):  # type: ignore[no-untyped-def]
    """Indicator definitions, a published return, a national benchmark file
    (real DfE data), a revised figure and a resolution: figures, audit
    history, import jobs and committee records."""
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    lead = UserFactory(username="performance", roles=["Performance team"])
    for kind, path, options in (
        ("indicators", DATA / "demo" / "indicators.csv", {}),
        (
            "returns",
            DATA / "demo" / "leicestershire_return_illustrative.csv",
            {"publish": True},
        ),
        (
            "benchmarks",
            DATA / "dfe" / "d3_cpps_subsequent_plan_2013_to_2025.csv",
            {"indicator": "cpp-second-plan", "value_column": "CPP_subsequent_percent"},
        ),
    ):
        job = import_job_create(
            kind=kind, file=path, filename=path.name, options=options
        )
        job = import_job_wait(job=job, timeout=120)
        assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors[:3])
    figure = Observation.objects.filter(area__code="E10000018").first()
    figure_revise(
        user=lead, observation_id=figure.pk, value=Decimal("12.5"),
        numerator=None, denominator=None, note="Corrected after the audit.",
    )  # fmt: skip
    ResolutionFactory.create_batch(3)
    return figure


def test_a_restored_backup_holds_every_figure_audit_record_and_job(
    a_quarter_of_work, empty_database, tmp_path
):
    source = connection.settings_dict["NAME"]
    before = fingerprint(source)
    figures = before["indicators_observation"][0]
    history = before["indicators_historicalobservation"][0]
    assert figures > 2000 and history > 50
    assert before["indicators_importjob"][0] == 3
    assert before["committees_resolution"][0] == Resolution.objects.count() == 3

    dump = tmp_path / "scrutineer.dump"
    made = run(["make", "--no-print-directory", "backup", f"FILE={dump}"], source)
    assert made.returncode == 0, made.stdout + made.stderr
    assert dump.stat().st_size > 10_000
    assert not dump.with_name(dump.name + ".partial").exists()

    restored = run(
        ["make", "--no-print-directory", "restore", f"FILE={dump}"], empty_database
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr

    after = fingerprint(empty_database)
    assert after.keys() == before.keys()
    differences = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert differences == {}
    # The revised figure and its revision note came back with its history.
    conn = psycopg2.connect(url(empty_database))
    with conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT value, revised, revision_note FROM indicators_observation"
            " WHERE id = %s",
            [a_quarter_of_work.pk],
        )
        assert cursor.fetchone() == (
            Decimal("12.500000"),
            True,
            "Corrected after the audit.",
        )
        cursor.execute(
            "SELECT count(*) FROM indicators_historicalobservation WHERE id = %s",
            [a_quarter_of_work.pk],
        )
        assert cursor.fetchone()[0] >= 2  # created, then revised
    conn.close()


def test_restore_refuses_a_database_that_is_not_empty(
    a_quarter_of_work, empty_database, tmp_path
):
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "scrutineer.dump"
    assert run(["bash", "scripts/backup.sh", str(dump)], source).returncode == 0
    refused = run(["bash", "scripts/restore.sh", str(dump)], source)
    assert refused.returncode != 0
    assert "already has" in refused.stderr
    # Nothing was touched.
    assert Observation.all_objects.count() > 2000


def test_restore_refuses_a_file_that_is_not_a_dump(empty_database, tmp_path):
    bogus = tmp_path / "not-a-dump.dump"
    bogus.write_text("just some text")
    refused = run(["bash", "scripts/restore.sh", str(bogus)], empty_database)
    assert refused.returncode != 0
    assert "not a pg_dump custom-format dump" in refused.stderr


def test_make_restore_without_a_file_explains_itself(db):
    result = subprocess.run(
        ["make", "--no-print-directory", "restore"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "usage: make restore FILE=" in result.stderr
