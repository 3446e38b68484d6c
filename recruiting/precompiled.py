"""Hot lookups whose SQL is built once per process instead of once per request.

Compiling `User.objects.select_related("organization").get(pk=...)` costs Django about 0.4 ms of
CPU; running the same SQL costs 0.07 ms (benchmarks/stress/profile_load.py, docs/operations.md). A
lookup every signed-in API request makes is worth writing once: `RowWithParent` selects a model's
row and the row its foreign key points to, by primary key, and returns the instance exactly as
`select_related` would (every concrete field, database converters applied, the parent cached on
the instance, `None` when the key is empty).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


class RowWithParent:
    def __init__(self, model, parent_field: str) -> None:
        self.model = model
        self.foreign_key = model._meta.get_field(parent_field)
        self.parent = self.foreign_key.related_model
        self._sql: str | None = None

    def _columns(self, model, alias: str, connection):
        fields = model._meta.concrete_fields
        converters = [
            [(converter, field.get_col(alias)) for converter in field.get_db_converters(connection)] for field in fields
        ]
        quote = connection.ops.quote_name
        return [field.attname for field in fields], converters, [f"{alias}.{quote(field.column)}" for field in fields]

    def _prepare(self, connection) -> str:
        if self._sql is None:
            quote = connection.ops.quote_name
            self._child = self._columns(self.model, "c", connection)
            self._parent = self._columns(self.parent, "p", connection)
            self._sql = (
                f"SELECT {', '.join(self._child[2] + self._parent[2])} "
                f"FROM {quote(self.model._meta.db_table)} c "
                f"LEFT JOIN {quote(self.parent._meta.db_table)} p "
                f"ON p.{quote(self.parent._meta.pk.column)} = c.{quote(self.foreign_key.column)} "
                f"WHERE c.{quote(self.model._meta.pk.column)} = %s"
            )
        return self._sql

    @staticmethod
    def _instance(model, names, converters, values, connection):
        values = list(values)
        for position, field_converters in enumerate(converters):
            for converter, expression in field_converters:
                values[position] = converter(values[position], expression, connection)
        return model.from_db(DEFAULT_DB_ALIAS, names, values)

    def get(self, pk):
        """The row with this primary key, its parent attached; `model.DoesNotExist` if there is none."""
        connection = connections[DEFAULT_DB_ALIAS]
        sql = self._prepare(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.model._meta.pk.get_db_prep_value(pk, connection)])
            row = cursor.fetchone()
        if row is None:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        width = len(self._child[0])
        instance = self._instance(self.model, *self._child[:2], row[:width], connection)
        parent = None
        if getattr(instance, self.foreign_key.attname) is not None:
            parent = self._instance(self.parent, *self._parent[:2], row[width:], connection)
        self.foreign_key.set_cached_value(instance, parent)
        return instance
