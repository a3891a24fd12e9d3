"""Japanese-aware text for the council search (pure functions, no Django models).

Stored text and the query go through the same steps, so they meet in the same form:

1. `clean` (what is stored for display and snippets): NFKC, so 全角 Latin and digits become 半角,
   半角カナ become 全角 (ｶﾞｲﾄﾞ → ガイド, ｰ → ー), ① → 1; a line break between two Japanese characters
   is dropped (PDF lines wrap in the middle of words); runs of white space become one space.
2. `fold` (what is matched): lower case; the 表記ゆれ table below; katakana → hiragana (as the talent
   search does), so ジョウホウ and じょうほう meet.
3. `grams`: every distinct 1- and 2-character piece of each folded word. A query word's grams must all
   be in a row's grams (`@>` on a GIN-indexed array, so 情報 and 申請 use the index like longer
   words), then the folded text must contain the word itself (the grams only narrow the rows).

The table is small on purpose: each entry must be safe both ways. Entries fold 送り仮名 variants to
one spelling and the ヴ row to バ行. Longer keys win over shorter ones at the same position.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# 表記ゆれ: variant (after NFKC and lower case) → the one spelling both sides are folded to.
VARIANTS = {
    "ヴァ": "バ",
    "ヴィ": "ビ",
    "ヴェ": "ベ",
    "ヴォ": "ボ",
    "ヴュ": "ビュ",
    "ヴ": "ブ",
    "ヶ": "ケ",
    "ヵ": "カ",
    "問い合せ": "問い合わせ",
    "問合わせ": "問い合わせ",
    "問合せ": "問い合わせ",
    "打ち合せ": "打ち合わせ",
    "打合わせ": "打ち合わせ",
    "打合せ": "打ち合わせ",
    "申込み": "申し込み",
    "申込": "申し込",
    "取扱い": "取り扱い",
    "取扱": "取り扱",
    "受け付け": "受付",
    "受付け": "受付",
    "手続き": "手続",
    # Dashes that are not the katakana long vowel mark ー.
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "〜": "~",
}
_VARIANT_RE = re.compile("|".join(re.escape(k) for k in sorted(VARIANTS, key=len, reverse=True)))
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_JAPANESE = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff]"
_WRAPPED_LINE = re.compile(rf"(?<={_JAPANESE})[ \t]*\n[ \t]*(?={_JAPANESE})")
_SPACE = re.compile(r"\s+")
MAX_WORDS = 8


def clean(text: str) -> str:
    """The display form of a text: NFKC, wrapped Japanese lines joined, white space collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    return _SPACE.sub(" ", _WRAPPED_LINE.sub("", text)).strip()


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (İ) lower-case to two; keep one character per character so positions hold.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def fold_with_map(cleaned: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The folded form of a cleaned text, and each table replacement as (folded start, folded end,
    cleaned start, cleaned end), in order, so positions in the folded text map back for snippets."""
    lowered = _lower(cleaned)
    pieces, spans, last, shift = [], [], 0, 0
    for match in _VARIANT_RE.finditer(lowered):
        replacement = VARIANTS[match.group()]
        pieces.append(lowered[last : match.start()])
        pieces.append(replacement)
        start = match.start() + shift
        spans.append((start, start + len(replacement), match.start(), match.end()))
        shift += len(replacement) - (match.end() - match.start())
        last = match.end()
    pieces.append(lowered[last:])
    return "".join(pieces).translate(_KATAKANA_TO_HIRAGANA), spans


def fold(text: str) -> str:
    """The searchable form of any text (cleaned first)."""
    return fold_with_map(clean(text))[0]


def grams(folded: str) -> list[str]:
    """Every distinct 1- and 2-character piece of each word of a folded text, sorted."""
    found: set[str] = set()
    for word in folded.split(" "):
        found.update(word)
        found.update(word[i : i + 2] for i in range(len(word) - 1))
    found.discard("")
    return sorted(found)


def query_words(query: str) -> list[str]:
    """The folded words of a query (at most MAX_WORDS, duplicates dropped, order kept)."""
    words = list(dict.fromkeys(fold(query).split()))
    return words[:MAX_WORDS]


def word_grams(word: str) -> list[str]:
    """What a row's grams must contain for it to contain this folded word."""
    return [word] if len(word) == 1 else [word[i : i + 2] for i in range(len(word) - 1)]


def to_cleaned(position: int, spans: list[tuple[int, int, int, int]], *, end: bool = False) -> int:
    """A position in the folded text as a position in the cleaned text (spans from fold_with_map)."""
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    if index < 0:
        return position
    f_start, f_end, c_start, c_end = spans[index]
    if position < f_end or (end and position == f_end):
        return c_end if end and position > f_start else c_start
    return c_end + position - f_end


def flat_spans(spans: list[tuple[int, int, int, int]]) -> list[int]:
    """Spans as one list of integers, as the index stores them."""
    return [n for span in spans for n in span]


def unflat_spans(numbers: list[int]) -> list[tuple[int, int, int, int]]:
    return [tuple(numbers[i : i + 4]) for i in range(0, len(numbers) - 3, 4)]


def _hits(folded: str, spans, words: list[str]) -> list[tuple[int, int]]:
    """Where the words occur, as (start, end) in the cleaned text, earliest first, none overlapping."""
    found = sorted(
        (to_cleaned(m.start(), spans), to_cleaned(m.start() + len(w), spans, end=True))
        for w in words
        if w
        for m in re.finditer(re.escape(w), folded)
    )
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def snippet(cleaned: str, words: list[str], *, at: int | None = None, width: int = 80) -> SafeString:
    """About `width` characters of the text around position `at` (or around the first word found,
    for a short text), every word found in it marked with <mark>; everything else HTML-escaped
    (the text comes from uploaded files). Only the window is folded, so a long text costs nothing."""
    if at is None:
        hits = _hits(*fold_with_map(cleaned), words)
        at = hits[0][0] if hits else 0
    start = max(0, min(at, len(cleaned)) - width // 4)
    stop = min(len(cleaned), start + width)
    window = cleaned[start:stop]
    out, cursor = [], 0
    for c_start, c_end in _hits(*fold_with_map(window), words):
        out.append(escape(window[cursor:c_start]))
        out.append(f"<mark>{escape(window[c_start:c_end])}</mark>")
        cursor = c_end
    out.append(escape(window[cursor:]))
    text = "".join(out)
    return mark_safe(("…" if start > 0 else "") + text + ("…" if stop < len(cleaned) else ""))  # noqa: S308
