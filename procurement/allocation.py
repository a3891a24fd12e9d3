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
   integer arithmetic over one common denominator; population**k for k ≠ 1 is the float power
   taken once per participant, whose exact binary value is used from then on.
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


def _population_basis(population: int, exponent: Fraction) -> tuple[int, int]:
    """population**k as an exact ratio (numerator, denominator): the integer itself for k = 1,
    otherwise the float power, whose exact binary value is used from then on."""
    if exponent == 1:
        return population, 1
    return (float(population) ** float(exponent)).as_integer_ratio()


def _as_integers(ratios: list[tuple[int, int]]) -> list[int]:
    """Scale ratios whose denominators are powers of two (or 1) to integers over a common one."""
    common = max(denominator for _numerator, denominator in ratios)
    return [numerator * (common // denominator) for numerator, denominator in ratios]


def _exact(total: int, parties: Sequence[Party], rule: Rule) -> tuple[list[str], list[int], int]:
    """Keys in order, and each ideal share in rounding units as numerator / common denominator.

    Integer arithmetic only: with B_c the sum of component c's basis and w_c its weight, a share is
    units × Σ_c w_c·b_ci / (100·B_c), put over the common denominator 100·Π_c B_c.
    """
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
    exponent = rule.exponent if isinstance(rule.exponent, Fraction) else Fraction(str(rule.exponent))
    if not 0 < exponent <= 1:
        raise AllocationError("the population exponent must be in (0, 1]")
    ordered = sorted(parties, key=lambda party: party.key)
    keys = [party.key for party in ordered]
    if len(set(keys)) != len(keys):
        raise AllocationError("each party must have its own key")
    if not ordered:
        if total:
            raise AllocationError("there is nobody to share the total")
        return [], [], 1
    if any(party.population < 0 or party.volume < 0 for party in ordered):
        raise AllocationError("population and volume cannot be negative")
    components = []
    for weight, name, basis in (
        (rule.equal, "equal", lambda: [1] * len(ordered)),
        (
            rule.population,
            "population",
            lambda: _as_integers([_population_basis(p.population, exponent) for p in ordered]),
        ),
        (rule.volume, "volume", lambda: [p.volume for p in ordered]),
    ):
        if not weight:
            continue
        values = basis()
        if not sum(values):
            raise AllocationError(f"the {name} share needs at least one party with a {name} above zero")
        components.append((weight, values, sum(values)))
    denominator = 100
    for _weight, _values, component_total in components:
        denominator *= component_total
    units = total // rule.unit
    numerators = [0] * len(ordered)
    for weight, values, component_total in components:
        factor = units * weight * (denominator // (100 * component_total))
        for i, value in enumerate(values):
            numerators[i] += factor * value
    return keys, numerators, denominator


def ideal_shares(total: int, parties: Sequence[Party], rule: Rule) -> dict[str, Fraction]:
    """Each party's exact share in rounding units, before rounding (keys in sorted order)."""
    keys, numerators, denominator = _exact(total, parties, rule)
    return {key: Fraction(numerator, denominator) for key, numerator in zip(keys, numerators, strict=True)}


def allocate(total: int, parties: Sequence[Party], rule: Rule) -> dict[str, int]:
    """Each party's share in yen: multiples of rule.unit adding up to `total` exactly."""
    keys, numerators, denominator = _exact(total, parties, rule)
    floors = [numerator // denominator for numerator in numerators]
    left = total // rule.unit - sum(floors)
    # Largest fractional part first; equal parts in key order (deterministic, order-independent).
    order = sorted(range(len(keys)), key=lambda i: (-(numerators[i] % denominator), keys[i]))
    for i in order[:left]:
        floors[i] += 1
    return {key: floor * rule.unit for key, floor in zip(keys, floors, strict=True)}


def breakdown(total: int, parties: Sequence[Party], rule: Rule) -> Mapping[str, dict[str, int | Fraction]]:
    """For display: each party's rounded share and its exact ideal share in yen."""
    ideal = ideal_shares(total, parties, rule)
    shares = allocate(total, parties, rule)
    return {key: {"share": shares[key], "ideal": ideal[key] * rule.unit} for key in ideal}
