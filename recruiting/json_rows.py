"""List rows rendered as JSON by PostgreSQL, byte for byte in the values Python would write.

A list page of 50 candidates spent most of its time in Python: psycopg parsing three `jsonb` columns
and two timestamps per row, the row shaped into a dict, then the dict written back out as JSON.
On PostgreSQL the list instead selects one text column per row, the row's JSON object, and the
page's rows are joined into the response as they come (`RawJSON`, written by
recruiting.api.rendering.json_response). Elsewhere (SQLite) the Python
shaping stays, and tests/api_speed/test_json_rows.py checks both give the same JSON for the same
candidates, so a client cannot tell which answered.

What PostgreSQL is made to write as Python does:
- a whole-number float as `5.0` (PostgreSQL writes `5`);
- a timestamp in UTC as `2026-12-04T09:30:00Z`, with `.123456` only when there are microseconds
  (Python's `isoformat`; PostgreSQL trims trailing zeros and writes `+00:00`);
- a `jsonb` list or object that is SQL NULL or JSON null as `[]` / `{}`.
Left as PostgreSQL writes it: the spacing inside `jsonb` values (`{"a": 1}`) and a decimal written
with trailing zeros inside them (`1.50`); both parse to the same value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections
from django.db.models import Expression, F, Func, JSONField, Model, TextField
from django.db.models.fields import DateTimeField, FloatField
from django.db.models.fields.related import ForeignKey
from django.utils import timezone


class RawJSON(str):
    """JSON text already rendered (by PostgreSQL), written into a response as it is."""


def renders_in_database(using: str, *, local_times: bool = False) -> bool:
    """Whether rows are rendered by the database: PostgreSQL only; with `local_times` (timestamps in
    the current time zone, as DRF writes them) only while that zone is UTC."""
    if connections[using].vendor != "postgresql":
        return False
    return not local_times or timezone.get_current_timezone_name() == "UTC"


_TEXT = TextField()
_UTC_TIMESTAMP = (
    "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN date_trunc('second', %(expressions)s) = %(expressions)s THEN ''"
    " ELSE to_char(%(expressions)s AT TIME ZONE 'UTC', '.US') END || 'Z'"
)
_PYTHON_FLOAT = (
    "CASE WHEN abs(%(expressions)s) < 1e15 AND %(expressions)s = trunc(%(expressions)s)"
    " THEN (%(expressions)s::text || '.0')::json ELSE to_json(%(expressions)s) END"
)


def _column(model: type[Model], name: str) -> Expression:
    """The SQL for one field's JSON value, written as the Python shaping writes it."""
    if name == "full_name":
        return Func(F("first_name"), F("last_name"), template="btrim(%(expressions)s)", arg_joiner=" || ' ' || ")
    field = model._meta.get_field(name)
    if isinstance(field, JSONField):
        empty = "'{}'" if field.default is dict else "'[]'"
        return Func(F(name), template=f"COALESCE(NULLIF(%(expressions)s, 'null'::jsonb), {empty}::jsonb)")
    if isinstance(field, DateTimeField):
        return Func(F(name), template=_UTC_TIMESTAMP, output_field=_TEXT)
    if isinstance(field, FloatField):
        return Func(F(name), template=_PYTHON_FLOAT, output_field=_TEXT)
    if isinstance(field, ForeignKey):
        return F(field.attname)
    return F(name)


class JsonRow(Expression):
    """One row's fields as a JSON object (text), in the order given."""

    output_field = _TEXT

    def __init__(self, model: type[Model], names: Sequence[str]):
        super().__init__(output_field=_TEXT)
        self.names = tuple(names)
        self.columns = [_column(model, name) for name in self.names]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection):
        # Concatenated rather than json_build_object, which writes `"id" : 1`: the object comes out
        # compact, as DRF writes it.
        parts, params = [], []
        for index, (name, column) in enumerate(zip(self.names, self.columns, strict=True)):
            sql, column_params = compiler.compile(column)
            key = ("{" if index == 0 else ",") + f'"{name}":'
            parts.append(f"'{key}' || COALESCE(to_json({sql})::text, 'null')")
            params.extend(column_params)
        return "(" + " || ".join(parts) + " || '}')", params


def json_array(rows: Iterable[str]) -> RawJSON:
    return RawJSON("[" + ",".join(rows) + "]")
