"""Cost shares (負担金按分) in whole yen: a pure function, so it is tested on its own."""

from __future__ import annotations

from collections.abc import Sequence


def split_yen(total: int, percentages: Sequence[int]) -> list[int]:
    """Split `total` yen by `percentages` (summing to 100) into whole yen that add up exactly.

    Largest remainder: each share is first rounded down, then the yen left over go one each to the
    shares with the largest fractional parts; ties go to the earlier share (national, prefecture,
    municipality), so the same inputs always give the same split.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if any(p < 0 for p in percentages) or sum(percentages) != 100:
        raise ValueError("percentages must be non-negative and sum to 100")
    exact = [total * p for p in percentages]  # hundredths of a yen, integers: no float rounding
    shares = [e // 100 for e in exact]
    left = total - sum(shares)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] % 100), i))
    for i in order[:left]:
        shares[i] += 1
    return shares
