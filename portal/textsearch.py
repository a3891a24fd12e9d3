"""Japanese-aware keyword search on PostgreSQL, served by an index for words of any length.

Text is folded before it is stored and before it is searched: NFKC turns full-width Latin and digits
into half-width and half-width katakana into full-width; katakana become hiragana; Latin is
lower-cased. So 「ＲＰＡ」 finds "RPA", 「じょうほう」 finds 「ジョウホウ」.

Japanese has no spaces between words and many words have two characters (情報, 申請), which
trigram indexes cannot serve. Instead the SQL function `portal_grams(text)` (migration portal 0006)
returns the distinct character pairs of a folded text; a stored generated column
`<name>_grams = portal_grams(<name>_text)` with a GIN index answers "contains all of these pairs":
a word of two or more characters becomes its pairs. The pairs of a word can occur apart in a text,
so the index narrows the rows and a substring match (`LIKE`) on the same column, evaluated first,
confirms them. A one-character word is matched by `LIKE` alone (a scan); pairs only keep the column
small enough to stay in the row, which keeps scans that must read it cheap. A generated column
rather than an index on the expression: when a word is common the planner reads rows in page order
and checks each, and an expression would be recomputed per row. The index works whatever the
cluster's locale (pg_trgm sees no Japanese on a cluster with ctype C).
"""

from __future__ import annotations

import unicodedata

from django.contrib.postgres.fields import ArrayField
from django.db import models

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}

GRAMS_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION portal_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
    FROM (SELECT substr(t, i, 2) AS g FROM generate_series(1, char_length(t) - 1) AS i) AS pairs
    WHERE g !~ '\s'
$$;
"""


def fold(text: str) -> str:
    """The searchable form of a text."""
    return unicodedata.normalize("NFKC", text or "").lower().translate(_KATAKANA_TO_HIRAGANA)


def words(query: str) -> list[str]:
    """The folded words of what someone typed (split at spaces, full-width ones included)."""
    return fold(query).split()


def grams(word: str) -> list[str]:
    """What the index is asked for one folded word: its character pairs (none for one character)."""
    return sorted({word[i : i + 2] for i in range(len(word) - 1)})


GRAMS_FIELD = ArrayField(models.TextField())


class Grams(models.Func):
    """`portal_grams(column)`, for a stored generated column beside the searched text."""

    function = "portal_grams"
    output_field = GRAMS_FIELD


def filter_words(queryset, column: str, query: str, grams_column: str | None = None):
    """The queryset narrowed to rows whose folded `column` contains every word of `query`; the
    generated `grams_column` (default `<column minus _text>_grams`) lets the GIN index choose them."""
    grams_column = grams_column or column.removesuffix("_text") + "_grams"
    for word in words(query):
        queryset = queryset.filter(**{f"{column}__contains": word})
        if len(word) > 1:
            queryset = queryset.filter(**{f"{grams_column}__contains": grams(word)})
    return queryset
