"""Window expressions over the groups of a grouped query: totals read with a page or a top few groups.

A board or figure that shows some groups (a page of units, the ten units with the most) and the totals
of all of them gets both from one pass over the rows: `SUM(<count>) OVER ()` and `COUNT(*) OVER ()` are
computed after the grouping and before ORDER BY / LIMIT, so every row returned carries the totals.
"""

from django.db.models import F, Func, IntegerField


class _OverAllGroups(Func):
    template = "%(function)s(%(expressions)s) OVER ()"
    contains_over_clause = True
    output_field = IntegerField()

    def get_group_by_cols(self):
        return []  # computed over the groups, never a key of them


def total_of_groups(annotation: str) -> Func:
    """The sum of an aggregate annotation (a count) over every group. PostgreSQL sums integers as
    numeric: read it with int()."""
    return _OverAllGroups(F(annotation), function="SUM")


class GroupCount(_OverAllGroups):
    """How many groups the query has, whatever LIMIT then keeps."""

    template = "COUNT(*) OVER ()"

    def __init__(self):
        super().__init__()
