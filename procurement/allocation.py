"""Splitting a joint procurement's cost among its participants (負担金の按分), exactly.

Pure Python: no Django, no database. Give it the total in yen, the participants and a Rule; it
returns each participant's share in yen.

How a share is computed:

1. Each component of the rule gives every participant a fraction of the whole:
   均等割 (equal) 1/n; 人口割 (population) population**k / Σ population**k, where k = 1 is plain
   proportion and k < 1 is degressive (k = 0.585: twice the population pays about 1.5 times);
   利用量割 (volume) volume / Σ volume.
2. The fractions are mixed by the rule's weights (percent, adding up to 100), so each participant
   has an ideal share of the total, a rational number of rounding units. All arithmetic is exact
   (fractions.Fraction); population**k for k ≠ 1 is the float power taken once per participant,
   then used as an exact fraction.
3. Largest remainder: each participant first gets the whole units of its ideal share; the units
   left over (fewer than the number of participants) go one each to the largest fractional parts.
   Ties go to the smaller key (the 地方公共団体コード), so the result never depends on the order
   the participants were given in.

So the shares are non-negative, multiples of the rounding unit, and add up to the total exactly.
The total must itself be a multiple of the unit: the agreement must say who bears any odd yen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Party:
    """One participant: a stable key (lg_code), its population and its usage volume."""

    key: str
    population: int = 0
    volume: int = 0


@dataclass(frozen=True)
class Rule:
    """Weights in percent (adding up to 100), the population exponent k and the rounding unit."""

    equal: int = 0
    population: int = 100
    volume: int = 0
    exponent: Fraction | float | str = 1
    unit: int = 1


class AllocationError(ValueError):
    """The inputs cannot be split (weights not adding up to 100, no population data …)."""


def _weights_of(values: Sequence[Fraction]) -> list[Fraction]:
    total = sum(values, Fraction(0))
    return [value / total for value in values]


def _population_basis(population: int, exponent: Fraction) -> Fraction:
    if exponent == 1:
        return Fraction(population)
    return Fraction(float(population) ** float(exponent))


def ideal_shares(total: int, parties: Sequence[Party], rule: Rule) -> dict[str, Fraction]:
    """Each party's exact share in rounding units, before rounding (keys in sorted order)."""
    if (
        rule.equal < 0
        or rule.population < 0
        or rule.volume < 0
        or rule.equal + rule.population + rule.volume != 100
    ):
        raise AllocationError("the weights must be non-negative and add up to 100")
    if rule.unit < 1:
        raise AllocationError("the rounding unit must be a positive number of yen")
    if total < 0 or total % rule.unit:
        raise AllocationError("the total must be a non-negative multiple of the rounding unit")
    exponent = Fraction(str(rule.exponent)) if not isinstance(rule.exponent, Fraction) else rule.exponent
    if not 0 < exponent <= 1:
        raise AllocationError("the population exponent must be in (0, 1]")
    ordered = sorted(parties, key=lambda party: party.key)
    keys = [party.key for party in ordered]
    if len(set(keys)) != len(keys):
        raise AllocationError("each party must have its own key")
    if not ordered:
        if total:
            raise AllocationError("there is nobody to share the total")
        return {}
    if any(party.population < 0 or party.volume < 0 for party in ordered):
        raise AllocationError("population and volume cannot be negative")
    units = total // rule.unit
    mix = [Fraction(0)] * len(ordered)
    components = [
        (rule.equal, [Fraction(1)] * len(ordered), "equal"),
        (rule.population, [_population_basis(p.population, exponent) for p in ordered], "population"),
        (rule.volume, [Fraction(p.volume) for p in ordered], "volume"),
    ]
    for weight, basis, name in components:
        if not weight:
            continue
        if not sum(basis):
            raise AllocationError(f"the {name} share needs at least one party with a {name} above zero")
        for i, fraction in enumerate(_weights_of(basis)):
            mix[i] += Fraction(weight, 100) * fraction
    return {key: units * fraction for key, fraction in zip(keys, mix, strict=True)}


def allocate(total: int, parties: Sequence[Party], rule: Rule) -> dict[str, int]:
    """Each party's share in yen: multiples of rule.unit adding up to `total` exactly."""
    ideal = ideal_shares(total, parties, rule)
    floors = {key: value.numerator // value.denominator for key, value in ideal.items()}
    left = total // rule.unit - sum(floors.values())
    # Largest fractional part first; equal parts in key order (deterministic, order-independent).
    by_remainder = sorted(ideal, key=lambda key: (-(ideal[key] - floors[key]), key))
    for key in by_remainder[:left]:
        floors[key] += 1
    return {key: floors[key] * rule.unit for key in ideal}


def breakdown(total: int, parties: Sequence[Party], rule: Rule) -> Mapping[str, dict[str, int | Fraction]]:
    """For display: each party's rounded share and its exact ideal share in yen."""
    ideal = ideal_shares(total, parties, rule)
    shares = allocate(total, parties, rule)
    return {key: {"share": shares[key], "ideal": ideal[key] * rule.unit} for key in ideal}
