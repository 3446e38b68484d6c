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
- a `jsonb` list or object that is SQL NULL or JSON null as `[]` / `{}`;
- a field of the row a foreign key points to (`job.title`, an application's `job_title`) as DRF
  reads it through the relation, null when the key is empty;
- a many-to-many field (a job's hiring team) as the list of related ids in the related model's
  order (the users' e-mails), `[]` for none.
Left as PostgreSQL writes it: the spacing inside `jsonb` values (`{"a": 1}`) and a decimal written
with trailing zeros inside them (`1.50`); both parse to the same value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.db import connections
from django.db.models import Expression, JSONField, ManyToManyField, Model, TextField
from django.db.models.fields import DateTimeField, FloatField
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
# Templates over one column, `{c}`: the JSON value (or the text to quote) Python's shaping writes.
_UTC_TIMESTAMP = (
    "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN date_trunc('second', {c}) = {c} THEN '' ELSE to_char({c} AT TIME ZONE 'UTC', '.US') END || 'Z'"
)
_PYTHON_FLOAT = "CASE WHEN abs({c}) < 1e15 AND {c} = trunc({c}) THEN ({c}::text || '.0')::json ELSE to_json({c}) END"


def _related_ids_sql(field: ManyToManyField, column) -> str:
    """A many-to-many field as the JSON list of the related ids, in the related model's default order
    (DRF's primary-key list): one correlated read of the join table per row, no prefetch."""
    through, target = field.remote_field.through._meta, field.related_model._meta
    order = ", ".join(
        f'target."{target.get_field(name.lstrip("-")).column}"' + (" DESC" if name.startswith("-") else "")
        for name in [*target.ordering, target.pk.name]
    )
    # Joined as text, not json_agg, which writes `[4, 3]`; the json type keeps the text as written.
    return (
        f"""COALESCE((SELECT ('[' || string_agg(link."{field.m2m_reverse_name()}"::text, ',' ORDER BY {order}) """
        f"""|| ']')::json FROM "{through.db_table}" link JOIN "{target.db_table}" target """
        f"""ON target."{target.pk.column}" = link."{field.m2m_reverse_name()}" """
        f"""WHERE link."{field.m2m_column_name()}" = {column(field.model._meta.pk.column)}), '[]'::json)"""
    )


def _value_sql(model: type[Model], name: str, column) -> str:
    """The SQL for one field's JSON value; `column(name)` is the qualified column. `name` may follow
    one foreign key (`job.title`): the related row's field, read by a correlated lookup of its
    primary key, and null when the key is empty."""
    if "." in name:
        key_name, related_name = name.split(".", 1)
        key = model._meta.get_field(key_name)
        related = key.related_model
        alias = f"related_{key_name}"

        def related_column(column_name: str) -> str:
            return f'"{alias}"."{column_name}"'

        return (
            f"(SELECT {_value_sql(related, related_name, related_column)} "
            f'FROM "{related._meta.db_table}" "{alias}" '
            f"WHERE {related_column(key.target_field.column)} = {column(key.column)})"
        )
    if name == "full_name":
        return f"btrim({column('first_name')} || ' ' || {column('last_name')})"
    field = model._meta.get_field(name)
    if isinstance(field, ManyToManyField):
        return _related_ids_sql(field, column)
    if isinstance(field, JSONField):
        empty = "'{}'" if field.default is dict else "'[]'"
        return f"COALESCE(NULLIF({column(field.column)}, 'null'::jsonb), {empty}::jsonb)"
    if isinstance(field, DateTimeField):
        return _UTC_TIMESTAMP.format(c=column(field.column))
    if isinstance(field, FloatField):
        return _PYTHON_FLOAT.format(c=column(field.column))
    return column(field.column)


Key = str | tuple[str, str]  # a field, or (the key written, the field it is read from)


@lru_cache(maxsize=32)
def _row_sql(model: type[Model], names: tuple[Key, ...], table: str) -> str:
    # Concatenated rather than json_build_object, which writes `"id" : 1`: the object comes out
    # compact, as DRF writes it, with its keys in the order given.
    def column(name: str) -> str:  # PostgreSQL's quoting, as the rest of this SQL is PostgreSQL's
        return f'"{table}"."{name}"'

    parts = [
        "'{key}' || COALESCE(to_json({value})::text, 'null')".format(
            key=("{" if index == 0 else ",") + f'"{written}":', value=_value_sql(model, source, column)
        )
        for index, (written, source) in enumerate((name, name) if isinstance(name, str) else name for name in names)
    ]
    return "(" + " || ".join(parts) + " || '}')"


def _check_field(model: type[Model], name: str) -> None:
    """Fail here, not in the database, for a field the model does not have."""
    if "." in name:
        key_name, related_name = name.split(".", 1)
        _check_field(model._meta.get_field(key_name).related_model, related_name)
    elif name != "full_name":
        model._meta.get_field(name)


class JsonRow(Expression):
    """One row of the query's own table as a JSON object (text), its fields in the order given.

    A leaf over the base table's columns (and single rows its foreign keys point to), its SQL written
    once per field list: resolving and compiling nineteen column expressions on every request cost
    more than the rest of the query."""

    output_field = _TEXT

    def __init__(self, model: type[Model], names: Sequence[Key]):
        super().__init__(output_field=_TEXT)
        self.model = model
        self.names = tuple(names)
        for name in self.names:
            _check_field(model, name if isinstance(name, str) else name[1])

    def as_sql(self, compiler, connection):
        return _row_sql(self.model, self.names, compiler.query.get_initial_alias()), []


def json_array(rows: Iterable[str]) -> RawJSON:
    return RawJSON("[" + ",".join(rows) + "]")
