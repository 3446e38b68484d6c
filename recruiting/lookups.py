"""Query lookups the whole project relies on, registered when recruiting.models is imported."""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`id__in=[...]` ignores integers the column cannot hold, as Django's own `id=` does.

    A value past the 64-bit range matches no row; on SQLite it raised OverflowError (a 500) where
    PostgreSQL compared it as a numeric and found nothing.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
