"""A paginator whose count stops at CAP + 1 rows, for searches over large sets.

Counting every match of a common word, or every profile of the country, costs as much as the search
itself, only to print a total nobody reads past a thousand. The page then says 「1000件以上」 and
offers previous and next (templates/portal/_pagination_capped.html) instead of a page count.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    CAP = 1000

    @cached_property
    def count(self) -> int:
        # Unordered: which CAP + 1 rows are counted does not matter, and sorting every match does.
        return self.object_list.order_by()[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP

    @property
    def cap(self) -> int:
        return self.CAP
