"""Long repeated reads are parsed once per PostgreSQL connection, and nothing else changes: the same
rows, a plan per execution, the SQL as written in query logs, transactions never broken by a
statement PostgreSQL cannot prepare."""

from __future__ import annotations

import runpy
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import prepared_statements
from tests.factories import CandidateFactory

SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings.py"

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")

# A select-list column that makes a statement long enough to be prepared (MIN_LENGTH).
PADDING = " || ".join(["'padding'"] * 80) + " AS padding"

# A read of the length the API's rendered lists have, with a LIKE literal (`%%`) and two values.
LONG_READ = (
    "SELECT n, 'Zoë O''Brien, Berlin' AS name, "
    + " || ".join(f"'{word}'" for word in ["séance"] * 60)
    + " AS padding FROM generate_series(1, %s) AS n WHERE 'São Paulo, Brazil' LIKE '%%Paulo%%' AND n > %s ORDER BY n"
)


@pytest.fixture
def raw_connection(django_db_blocker):
    """A connection of the kind settings give Django, on the test database, in autocommit."""
    with django_db_blocker.unblock():
        params = connection.get_connection_params()
    params.update(
        connection_factory=prepared_statements.PreparingConnection, cursor_factory=prepared_statements.PreparingCursor
    )
    opened = psycopg2.connect(**params)
    opened.autocommit = True
    yield opened
    opened.close()


def prepared_names(raw) -> list[str]:
    with raw.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements ORDER BY name")
        return [name for (name,) in cursor.fetchall()]


def test_a_long_read_is_prepared_on_its_third_run_and_answers_the_same(raw_connection):
    answers = []
    for limit in (5, 4, 6, 5):
        with raw_connection.cursor() as cursor:
            cursor.execute(LONG_READ, (limit, 1))
            answers.append([row[0] for row in cursor.fetchall()])
            written = cursor.query.decode()

    assert answers == [[2, 3, 4, 5], [2, 3, 4], [2, 3, 4, 5, 6], [2, 3, 4, 5]]
    assert prepared_names(raw_connection) == ["prepared_1"]
    assert written.startswith("SELECT n, 'Zoë O''Brien") and "generate_series(1, 5)" in written, (
        "the statement as written, for query logs, not EXECUTE"
    )
    with raw_connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_custom_plan",), "each execution planned for its own values"


def test_short_statements_and_writes_are_never_prepared(raw_connection):
    with raw_connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE notes (body text)")
        for _ in range(4):
            cursor.execute("SELECT %s::int + 1", (41,))
            cursor.execute("INSERT INTO notes (body) VALUES (%s)" + " " * 500, ("Ça va, l'équipe ?",))

    assert prepared_names(raw_connection) == []


UNTYPED = "SELECT %s IS NULL AS missing, " + PADDING


def test_a_read_postgresql_cannot_prepare_runs_as_text_and_is_not_tried_again(raw_connection):
    # A quoted value in `$1 IS NULL` has no type PostgreSQL can infer: PREPARE fails.
    for _ in range(5):
        with raw_connection.cursor() as cursor:
            cursor.execute(UNTYPED, ("Łukasz",))
            assert cursor.fetchone()[0] is False

    assert prepared_names(raw_connection) == []
    assert (UNTYPED, ("unknown",)) in raw_connection.statements.unpreparable


def test_values_keep_the_types_their_literals_have(raw_connection):
    # Prepared untyped, `$1 + 1` would make 2.5 an integer (3.5 rounded to 4); declared as the
    # literal's type it stays a numeric, and an integer stays an integer.
    arithmetic = "SELECT %s + 1 AS sum, " + PADDING
    sums = []
    for value in (2.5, 2.5, 2.5, 2.5, 7, 7, 7, 7, None, None, None):
        with raw_connection.cursor() as cursor:
            cursor.execute(arithmetic, (value,))
            sums.append(cursor.fetchone()[0])

    assert [str(total) for total in sums] == ["3.5"] * 4 + ["8"] * 4 + ["None"] * 3
    assert len(prepared_names(raw_connection)) == 3, "one statement per kind of value"


def test_inside_a_transaction_nothing_is_prepared_or_executed_and_the_transaction_is_never_broken(raw_connection):
    raw_connection.autocommit = False
    with raw_connection.cursor() as cursor:
        for _ in range(4):
            cursor.execute(UNTYPED, ("inside",))
            cursor.execute(LONG_READ, (3, 0))
        cursor.execute("SELECT 1")  # the transaction is still usable
    raw_connection.commit()
    raw_connection.autocommit = True
    assert prepared_names(raw_connection) == []


def test_a_migration_that_changes_a_returned_column_does_not_break_a_prepared_read(raw_connection):
    # PostgreSQL refuses to EXECUTE a statement whose result columns changed ("cached plan must not
    # change result type"): a deploy that lengthens a varchar would fail every prepared read of it
    # until the connection closed. Inside a transaction the text is sent; in autocommit the stale
    # statement is dropped and the text runs.
    read = "SELECT city, " + PADDING + " FROM places WHERE city LIKE %s"
    with raw_connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE places (city varchar(20))")
        cursor.execute("INSERT INTO places VALUES ('São Paulo'), ('Zürich')")
        for _ in range(3):
            cursor.execute(read, ("S%",))
        assert prepared_names(raw_connection) == ["prepared_1"]
        cursor.execute("ALTER TABLE places ALTER COLUMN city TYPE varchar(200)")

    raw_connection.autocommit = False
    with raw_connection.cursor() as cursor:
        cursor.execute(read, ("S%",))
        in_a_transaction = cursor.fetchall()
    raw_connection.commit()
    raw_connection.autocommit = True
    with raw_connection.cursor() as cursor:
        cursor.execute(read, ("Z%",))
        in_autocommit = cursor.fetchall()

    assert [row[0] for row in in_a_transaction] == ["São Paulo"]
    assert [row[0] for row in in_autocommit] == ["Zürich"]
    assert prepared_names(raw_connection) == [], "the stale statement is deallocated, to be prepared afresh"


def test_a_connection_keeps_at_most_its_limit_dropping_the_least_recently_used(raw_connection, monkeypatch):
    monkeypatch.setattr(prepared_statements, "KEPT_PER_CONNECTION", 2)
    reads = [LONG_READ.replace("AS n WHERE", f"AS n WHERE {number} = {number} AND") for number in range(3)]
    for read in reads:
        for _ in range(3):
            with raw_connection.cursor() as cursor:
                cursor.execute(read, (2, 0))

    assert prepared_names(raw_connection) == ["prepared_2", "prepared_3"]
    assert [query for query, _types in raw_connection.statements.prepared] == reads[1:]


@pytest.mark.django_db(transaction=True)
def test_the_apis_rendered_list_is_prepared_on_djangos_connection_and_logged_as_written(admin_a, api_as, org_a):
    CandidateFactory.create_batch(3, organization=org_a, location="Zürich", first_name="Zoë")
    client = api_as(admin_a)

    bodies = []
    for _ in range(4):
        with CaptureQueriesContext(connection) as captured:
            bodies.append(client.get("/api/v1/candidates", {"page_size": 2, "location": "zürich"}).json())

    assert all(body["results"] == bodies[0]["results"] for body in bodies)
    assert [row["first_name"] for row in bodies[-1]["results"]] == ["Zoë", "Zoë"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('"jsonrow' in statement.lower() and "$1" in statement for statement in prepared), prepared
    assert not any(query["sql"].startswith("EXECUTE") for query in captured.captured_queries)


def test_settings_turn_it_off_for_a_transaction_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/acme")
    assert "connection_factory" in runpy.run_path(str(SETTINGS))["DATABASES"]["default"]["OPTIONS"]
    monkeypatch.setenv("DB_PREPARED_STATEMENTS", "0")
    assert "connection_factory" not in runpy.run_path(str(SETTINGS))["DATABASES"]["default"].get("OPTIONS", {})
