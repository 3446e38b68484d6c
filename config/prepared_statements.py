"""Long, repeated reads run as PostgreSQL prepared statements, parsed once per connection.

The lists the API renders in the database (recruiting/json_rows.py) send 2,500 to 3,000 characters of
SQL, nearly all of it a constant JSON expression. PostgreSQL parses and analyses that text again for
every request: about 0.3 ms of its CPU for a list of 25 candidates or an organization's jobs, half of
what the whole statement costs it. A prepared statement skips that part.

psycopg2 sends every statement as text with its values written in, so preparing is done in SQL:
the third time a connection runs the same SELECT of `MIN_LENGTH` characters or more (its text with
placeholders is the key, so other values are the same statement), it is sent once as
`PREPARE name AS ...` with `$1, $2, ...` for its placeholders, and from then on as
`EXECUTE name(values)`. Each execution is still planned for its own values
(`plan_cache_mode = force_custom_plan`): a search for a rare word and one for a common word keep
the plans they have today; only parsing is saved.

The statement is prepared with each value's type declared as psycopg2 would write the value as a
literal (`5` an integer, `1.5` a numeric, `'...'::timestamptz` a timestamp with time zone), and
text and NULL left for PostgreSQL to infer from where they stand, as it does with a quoted literal;
so a prepared statement means what the text means, and the same SQL with other kinds of values
(a NULL where there was a date) is another prepared statement. A value of any other kind is not
prepared at all.

Preparing and executing happen only on a connection in autocommit with no transaction open (inside
a transaction the text is sent, as before), so nothing that goes wrong can abort a transaction: a
statement PostgreSQL cannot prepare (a placeholder whose type it cannot infer) fails alone and runs
unprepared ever after on that connection, and one whose result columns a migration changed since
("cached plan must not change result type", say a longer varchar) is deallocated and run as text, to
be prepared afresh later. A connection keeps at most `KEPT_PER_CONNECTION` statements, dropping
the least recently used. `cursor.query`, which Django's query logging and `CaptureQueriesContext`
read, is the statement as written, never the `EXECUTE`.

`DB_PREPARED_STATEMENTS=0` turns it off (a transaction-pooling PgBouncer in front of PostgreSQL,
where a session's prepared statements are not there on the next transaction). SQLite is untouched.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
import uuid
from collections import OrderedDict

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras

MIN_LENGTH = 400
# A statement is prepared on its third run on a connection: one-off SQL is never prepared.
RUNS_BEFORE_PREPARING = 2
KEPT_PER_CONNECTION = 100
# Statements remembered as seen (not yet prepared) or as not preparable, per connection.
SEEN_PER_CONNECTION = 1000

_PLACEHOLDER = re.compile(r"%%|%s")


def _numbered(sql: str) -> tuple[str, int] | None:
    """`sql` with psycopg2's `%s` placeholders numbered `$1, $2, ...` and `%%` as `%`, and how many
    there are; None for named placeholders (`%(name)s`), which are not prepared."""
    count = 0

    def number(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    if "%(" in sql:
        return None
    return _PLACEHOLDER.sub(number, sql), count


_INTEGER = 2**31
_BIGINT = 2**63


def _integer_type(value: int) -> str:
    if -_INTEGER <= value < _INTEGER:
        return "integer"
    if -_BIGINT <= value < _BIGINT:
        return "bigint"
    return "numeric"


def _array_type(values) -> str | None:
    if not values:
        return "unknown"  # psycopg2 writes '{}'
    if all(isinstance(value, str) for value in values):
        return "text[]"
    if all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        kinds = {_integer_type(value) for value in values}
        if kinds == {"integer"}:
            return "integer[]"
        if "numeric" not in kinds:
            return "bigint[]"
    return None


def value_type(value) -> str | None:
    """The type PostgreSQL gives `value` as psycopg2 writes it into a statement; "unknown" where it
    infers one from the context (quoted text, NULL); None for a kind not prepared."""
    if value is None or isinstance(value, (str, psycopg2.extras.Json)):  # Django's Jsonb is a Json
        return "unknown"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return _integer_type(value)
    if isinstance(value, float):
        return "numeric" if math.isfinite(value) else "double precision"
    if isinstance(value, decimal.Decimal):
        return "numeric"
    if isinstance(value, datetime.datetime):
        return "timestamp with time zone" if value.tzinfo is not None else "timestamp without time zone"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, datetime.timedelta):
        return "interval"
    if isinstance(value, uuid.UUID):
        return "uuid"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "bytea"
    if isinstance(value, (list, tuple)):
        return _array_type(value)
    return None


class _Statements:
    """What one connection has prepared, seen and failed to prepare, by (SQL, value types)."""

    def __init__(self) -> None:
        self.prepared: OrderedDict[tuple, str] = OrderedDict()
        self.seen: dict[tuple, int] = {}
        self.unpreparable: set[tuple] = set()
        self.counter = 0
        self.custom_plans = False


class PreparingConnection(psycopg2.extensions.connection):
    """A psycopg2 connection whose cursors prepare long repeated reads (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.statements = _Statements()


def _key(query, vars) -> tuple | None:  # noqa: A002 - psycopg2's name
    """What a statement is prepared under: its text and its values' types; None if it is not prepared."""
    if not isinstance(query, str) or len(query) < MIN_LENGTH or query.lstrip()[:6].upper() != "SELECT":
        return None
    if vars is None:
        return (query, None)
    if not isinstance(vars, (list, tuple)):
        return None  # named values
    types = tuple(value_type(value) for value in vars)
    return None if None in types else (query, types)


class PreparingCursor(psycopg2.extensions.cursor):
    _written = None  # (sql, params) of the statement last run as EXECUTE, for `query`

    @property
    def query(self):
        if self._written is not None:
            return self.mogrify(*self._written)
        return super().query

    def execute(self, query, vars=None):  # noqa: A002 - psycopg2's name
        self._written = None
        name = self._prepared_name(query, vars)
        if name is None:
            return super().execute(query, vars)
        values = tuple(vars or ())
        arguments = f"({', '.join(['%s'] * len(values))})" if values else ""
        try:
            result = super().execute(f"EXECUTE {name}{arguments}", values)
        except psycopg2.errors.FeatureNotSupported:
            # "cached plan must not change result type": a migration changed a column the statement
            # returns (a longer varchar). Autocommit, so nothing is aborted: forget it, run the text.
            del self.connection.statements.prepared[_key(query, vars)]
            super().execute(f"DEALLOCATE {name}")
            return super().execute(query, vars)
        self._written = (query, vars)
        return result

    def _prepared_name(self, query, vars) -> str | None:  # noqa: A002
        """The name `query` runs under, prepared now if its time has come; None to run it as text."""
        statements = getattr(self.connection, "statements", None)
        if self.name is not None or statements is None:
            return None  # a server-side cursor (DECLARE), or a connection of another kind
        key = _key(query, vars)
        if key is None or key in statements.unpreparable:
            return None
        idle = self._idle_in_autocommit()
        name = statements.prepared.get(key)
        if name is not None:
            statements.prepared.move_to_end(key)
            return name if idle else None
        runs = statements.seen.get(key, 0)
        if runs < RUNS_BEFORE_PREPARING or not idle:
            if len(statements.seen) >= SEEN_PER_CONNECTION:
                statements.seen.clear()
            statements.seen[key] = runs + 1
            return None
        return self._prepare(statements, key)

    def _idle_in_autocommit(self) -> bool:
        return (
            self.connection.autocommit
            and self.connection.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE
        )

    def _prepare(self, statements: _Statements, key: tuple) -> str | None:
        query, types = key
        statements.seen.pop(key, None)
        # Without values psycopg2 sends the text as it is (no placeholders, `%%` not unescaped).
        numbered = (query, 0) if types is None else _numbered(query)
        if numbered is None or numbered[1] != len(types or ()):
            self._cannot_prepare(statements, key)
            return None
        statements.counter += 1
        name = f"prepared_{statements.counter}"
        declared = f"({', '.join(types)})" if types else ""
        try:
            if not statements.custom_plans:
                # Each execution planned for its values, as an unprepared statement is.
                super().execute("SET plan_cache_mode = force_custom_plan")
                statements.custom_plans = True
            super().execute(f"PREPARE {name}{declared} AS {numbered[0]}")
        except psycopg2.Error:
            # Autocommit and no transaction open: the failure ends here, and the statement runs as text.
            self._cannot_prepare(statements, key)
            return None
        statements.prepared[key] = name
        if len(statements.prepared) > KEPT_PER_CONNECTION:
            _oldest, dropped = statements.prepared.popitem(last=False)
            super().execute(f"DEALLOCATE {dropped}")
        return name

    @staticmethod
    def _cannot_prepare(statements: _Statements, key: tuple) -> None:
        if len(statements.unpreparable) >= SEEN_PER_CONNECTION:
            statements.unpreparable.clear()
        statements.unpreparable.add(key)
