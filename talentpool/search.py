"""Japanese-aware text matching for the talent search.

Text is folded before it is stored and before it is searched: NFKC turns full-width Latin and digits
into half-width and half-width katakana into full-width; katakana become hiragana; Latin is
lower-cased. So 「ＲＰＡ」 finds "RPA", 「じょうほう」 finds 「ジョウホウ」. Matching is a substring
match, so 2-character words such as 情報 or 申請 are found too.
"""

import unicodedata

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def fold(text: str) -> str:
    """The searchable form of a text."""
    return unicodedata.normalize("NFKC", text or "").lower().translate(_KATAKANA_TO_HIRAGANA)
