"""`in` on integer columns that leaves out the numbers the column cannot hold.

Django's exact and comparison lookups on an IntegerField already treat such a number as matching no
row (IntegerFieldOverflow); its `in` sends it to the database, which refuses it (SQLite's
OverflowError, PostgreSQL's "bigint out of range"): a ModelMultipleChoiceField posted an id of 20
digits answered 500. Registered on IntegerField, so every integer and auto field, primary keys included.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
