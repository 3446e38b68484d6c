"""Hot lookups whose SQL is built once per process instead of once per request.

Compiling `User.objects.select_related("organization").get(pk=...)` costs Django about 0.4 ms of
CPU; running the same SQL costs 0.07 ms (benchmarks/stress/profile_load.py, docs/operations.md). A
lookup every API request makes is worth writing once: `RowWithParents` selects one row of a model
by a unique column together with the rows its foreign keys point to, and returns the instance
exactly as `select_related` would (every concrete field, database converters applied, each parent
cached on the instance, `None` where a key is empty).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def column_converters(field, alias: str, connection) -> list[tuple]:
    """(converter, column) pairs that turn a raw value of `field`'s column under `alias` into what the
    ORM returns: the backend's converters first, then the field's, as Django's compiler applies them
    (SQLite returns datetimes as text that only the backend's converter makes aware)."""
    column = field.get_col(alias)
    return [
        (converter, column)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection)
    ]


class _Columns:
    """One model's concrete columns under a table alias, and how to turn them back into an instance."""

    def __init__(self, model, alias: str, connection) -> None:
        self.model = model
        fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        self.names = [field.attname for field in fields]
        self.sql = [f"{alias}.{quote(field.column)}" for field in fields]
        self.converters = [column_converters(field, alias, connection) for field in fields]

    def instance(self, values, connection):
        values = list(values)
        for position, converters in enumerate(self.converters):
            for converter, expression in converters:
                values[position] = converter(values[position], expression, connection)
        return self.model.from_db(DEFAULT_DB_ALIAS, self.names, values)


def _past_the_columns_range(field, value, connection) -> bool:
    """Whether `value` is an integer the field's column cannot hold on this database."""
    kind = field.get_internal_type()
    if kind not in connection.ops.integer_field_ranges:
        return False
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False  # get_db_prep_value refuses it as the ORM would
    low, high = connection.ops.integer_field_range(kind)
    return (low is not None and number < low) or (high is not None and number > high)


class RowWithParents:
    def __init__(self, model, parents: tuple[str, ...], by: str = "pk", scoped_by: str | None = None) -> None:
        """`scoped_by`, a foreign key (the organization): `get` then also takes that key's value and
        finds only a row that carries it, so another tenant's row is never read."""
        self.model = model
        self.scope = model._meta.get_field(scoped_by) if scoped_by else None
        self.by = model._meta.pk if by == "pk" else model._meta.get_field(by)
        if not (self.by.primary_key or self.by.unique):
            raise ValueError(f"{model.__name__}.{self.by.name} is not unique: a lookup by it may find several rows")
        self.foreign_keys = [model._meta.get_field(name) for name in parents]
        self._prepared = None

    def _prepare(self, connection):
        if self._prepared is None:
            quote = connection.ops.quote_name
            child = _Columns(self.model, "c", connection)
            parents = [
                _Columns(key.related_model, f"p{position}", connection)
                for position, key in enumerate(self.foreign_keys)
            ]
            joins = " ".join(
                f"LEFT JOIN {quote(key.related_model._meta.db_table)} p{position} "
                f"ON p{position}.{quote(key.target_field.column)} = c.{quote(key.column)}"
                for position, key in enumerate(self.foreign_keys)
            )
            sql = (
                f"SELECT {', '.join(child.sql + [column for parent in parents for column in parent.sql])} "
                f"FROM {quote(self.model._meta.db_table)} c {joins} WHERE c.{quote(self.by.column)} = %s"
                + (f" AND c.{quote(self.scope.column)} = %s" if self.scope else "")
            )
            self._prepared = (sql, child, parents)
        return self._prepared

    def _missing(self) -> Exception:
        return self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")

    def get(self, value, scope=None):
        """The row whose column equals `value` (and whose `scoped_by` key is `scope`), its parents
        attached; `model.DoesNotExist` if there is none."""
        connection = connections[DEFAULT_DB_ALIAS]
        sql, child, parents = self._prepare(connection)
        if _past_the_columns_range(self.by, value, connection):
            raise self._missing()  # what the ORM answers for an id no column can hold (SQLite: OverflowError)
        params = [self.by.get_db_prep_value(value, connection)]
        if self.scope is not None:
            if scope is None:
                raise ValueError(f"{self.model.__name__} rows are read only within a {self.scope.name}")
            params.append(self.scope.get_db_prep_value(scope, connection))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            raise self._missing()
        start = len(child.names)
        instance = child.instance(row[:start], connection)
        for key, parent in zip(self.foreign_keys, parents, strict=True):
            end = start + len(parent.names)
            found = parent.instance(row[start:end], connection) if getattr(instance, key.attname) is not None else None
            key.set_cached_value(instance, found)
            start = end
        return instance
