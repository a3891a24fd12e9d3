"""Cost shares in whole yen: never negative, always adding up to the total, the same every time."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentpool.cost_share import split_yen


@st.composite
def percentages(draw):
    national = draw(st.integers(0, 100))
    prefecture = draw(st.integers(0, 100 - national))
    return [national, prefecture, 100 - national - prefecture]


@given(days=st.integers(0, 400), half=st.booleans(), unit=st.integers(0, 500_000), shares=percentages())
def test_shares_are_non_negative_whole_yen_adding_up_to_the_total(days, half, unit, shares):
    total = (days * 2 + half) * unit // 2
    split = split_yen(total, shares)
    assert all(isinstance(s, int) and s >= 0 for s in split)
    assert sum(split) == total
    assert split == split_yen(total, shares)
    # Largest remainder: no share is more than one yen from its exact value.
    assert all(abs(s * 100 - total * p) < 100 for s, p in zip(split, shares, strict=True))


def test_a_leftover_yen_goes_to_the_largest_remainder_then_the_earlier_party():
    assert split_yen(100, [33, 33, 34]) == [33, 33, 34]
    assert split_yen(1, [50, 25, 25]) == [1, 0, 0]
    assert split_yen(2, [34, 33, 33]) == [1, 1, 0]
    assert split_yen(10, [15, 15, 70]) == [2, 1, 7]


def test_percentages_must_sum_to_100():
    with pytest.raises(ValueError):
        split_yen(100, [50, 50, 1])
