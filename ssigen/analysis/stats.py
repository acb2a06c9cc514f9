"""Wilcoxon's signed-rank test and Spearman's rank correlation, in plain Python.

The report needs one test of each, on a few dozen numbers; importing scipy.stats for them
cost about 1.5 s of a 3 s build. These functions return what scipy 1.17 returns for the
two calls ssigen made, `wilcoxon(d, zero_method="wilcox", alternative="two-sided")` and
`spearmanr(x, y)`, including its choice between exact and approximate p-values;
tests/test_stats.py compares them with scipy.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

# scipy's method="auto" for wilcoxon: the exact null distribution up to this many values
# when none is tied or zero...
EXACT_MAX = 50
# ...and with ties or zeros, a permutation test that enumerates all 2**n sign flips while
# 2**n stays within its 9999 resamples.
ENUMERATE_MAX = 13
# The continued fraction stops when a step changes it by less than this, relatively.
FRACTION_EPS = 1e-15
FRACTION_STEPS = 10_000
GAMMA_MAX = 170  # math.gamma overflows just above 171
SMALLEST_NORMAL = 2.2250738585072014e-308


def average_ranks(values: list[float]) -> list[float]:
    """1-based ranks, tied values sharing their mean rank (scipy's rankdata "average")."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and values[order[end]] == values[order[start]]:
            end += 1
        for i in order[start:end]:
            ranks[i] = (start + 1 + end) / 2
        start = end
    return ranks


def wilcoxon_signed_rank(values) -> tuple[float, float]:
    """(statistic, two-sided p-value) of Wilcoxon's signed-rank test on paired differences.

    As scipy: zeros are dropped, ties share mid-ranks and the statistic is the smaller of
    the positive and negative rank sums. The p-value is exact (all sign patterns equally
    likely) for up to 50 values without ties or zeros, and for up to 13 values with some;
    otherwise it is the normal approximation, tie-corrected, without continuity correction.
    A NaN value gives (NaN, NaN), as scipy propagates it.
    """
    values = [float(v) for v in values]
    if any(math.isnan(v) for v in values):
        return math.nan, math.nan
    nonzero = [v for v in values if v != 0]
    magnitudes = [abs(v) for v in nonzero]
    ranks = average_ranks(magnitudes)
    r_plus = sum((r for r, v in zip(ranks, nonzero) if v > 0), 0.0)
    r_minus = sum((r for r, v in zip(ranks, nonzero) if v < 0), 0.0)
    clean = len(set(magnitudes)) == len(values)  # no ties and no zeros
    if (clean and len(values) <= EXACT_MAX) or len(values) <= ENUMERATE_MAX:
        p_value = _sign_flip_p(ranks, r_plus)
    else:
        p_value = _normal_p(magnitudes, r_plus)
    return min(r_plus, r_minus), p_value


def _sign_flip_p(ranks: list[float], r_plus: float) -> float:
    """Two-sided p of the positive rank sum among the 2**n sign patterns of the ranks.

    With ranks 1..n this is scipy's exact distribution, with mid-ranks what its
    permutation test enumerates (zeros only double every count). Doubled ranks are
    integers, so the counts are exact; scipy's probabilities, multiples of 2**-n, are
    exact too, and the two p-values agree to the bit."""
    counts = _subset_sums(tuple(sorted(round(2 * r) for r in ranks)))
    observed = round(2 * r_plus)
    at_most, at_least = sum(counts[:observed + 1]), sum(counts[observed:])
    return min(1.0, 2 * min(at_most, at_least) / 2 ** len(ranks))


@lru_cache(maxsize=64)
def _subset_sums(weights: tuple[int, ...]) -> tuple[int, ...]:
    """How many subsets of `weights` sum to 0, 1, 2, …: the null distribution's counts."""
    counts = [1]
    for weight in weights:
        grown = counts + [0] * weight
        for total, count in enumerate(counts):
            grown[total + weight] += count
        counts = grown
    return tuple(counts)


def _normal_p(magnitudes: list[float], r_plus: float) -> float:
    """Two-sided p from the normal approximation, its variance reduced for tied groups.
    The arithmetic follows scipy's, operation by operation, so z agrees to the last bit."""
    n = float(len(magnitudes))
    tie_correct = sum(t ** 3 - t for t in Counter(magnitudes).values())
    mean = n * (n + 1.0) * 0.25
    se = math.sqrt((n * (n + 1.0) * (2.0 * n + 1.0) - tie_correct / 2) / 24)
    if se == 0:
        return math.nan
    z = (r_plus - mean) / se
    return math.erfc(abs(z) * math.sqrt(0.5))


def spearman(x, y) -> tuple[float, float]:
    """(rho, two-sided p-value) of Spearman's rank correlation, as scipy.stats.spearmanr.

    rho is Pearson's correlation of the average ranks, computed exactly on doubled
    integer ranks; p is P(|T| >= |t|) for Student's t with n - 2 degrees of freedom.
    Fewer than two pairs, a constant variable or a NaN give (NaN, NaN); two pairs give a
    rho of ±1 and a NaN p, as in scipy.
    """
    x, y = [float(v) for v in x], [float(v) for v in y]
    if len(x) != len(y):
        raise ValueError(f"spearman needs pairs: {len(x)} x values, {len(y)} y values")
    n = len(x)
    if (n < 2 or any(math.isnan(v) for v in x + y)
            or len(set(x)) < 2 or len(set(y)) < 2):
        return math.nan, math.nan
    rx = [round(2 * r) for r in average_ranks(x)]
    ry = [round(2 * r) for r in average_ranks(y)]
    total = n * (n + 1)  # the sum of doubled ranks, ties or not
    sxy = n * sum(a * b for a, b in zip(rx, ry)) - total * total
    sxx = n * sum(a * a for a in rx) - total * total
    syy = n * sum(b * b for b in ry) - total * total
    rho = max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
    if n == 2:
        return rho, math.nan
    return rho, student_t_two_sided(rho, n - 2)


def student_t_two_sided(rho: float, dof: int) -> float:
    """P(|T| >= |t|) for t = rho·√(dof / (1 − rho²)): I(1 − rho²; dof/2, 1/2).

    Written in rho rather than t, 1 − rho² keeps its precision as rho nears ±1."""
    return regularized_beta(dof / 2, 0.5, (1 - rho) * (1 + rho), rho * rho)


def regularized_beta(a: float, b: float, x: float, y: float | None = None) -> float:
    """I_x(a, b), the regularized incomplete beta function; `y` is 1 − x when the caller
    knows it more precisely. NaN if the continued fraction does not converge."""
    y = 1.0 - x if y is None else y
    if x <= 0:
        return 0.0
    if y <= 0:
        return 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast only below this
        return 1.0 - _beta_by_fraction(b, a, y, x)
    return _beta_by_fraction(a, b, x, y)


def _beta_by_fraction(a: float, b: float, x: float, y: float) -> float:
    """x^a·y^b / (a·B(a, b)) times the continued fraction for I_x(a, b), evaluated by
    the modified Lentz method (Numerical Recipes, §6.4)."""
    tiny = 1e-300

    def nonzero(v: float) -> float:
        return v if abs(v) > tiny else tiny

    c, d = 1.0, 1.0 / nonzero(1.0 - (a + b) * x / (a + 1))
    fraction = d
    for m in range(1, FRACTION_STEPS):
        even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        for term in (even, odd):
            d = 1.0 / nonzero(1.0 + term * d)
            c = nonzero(1.0 + term / c)
            fraction *= c * d
        if abs(c * d - 1.0) < FRACTION_EPS:
            break
    else:
        return math.nan
    return _beta_front(a, b, x, y) * fraction / a


def _beta_front(a: float, b: float, x: float, y: float) -> float:
    """x^a·y^b / B(a, b), through math.gamma while nothing overflows or underflows:
    the difference of lgammas loses its last digits to cancellation as a + b grows."""
    if a + b < GAMMA_MAX:
        front = math.gamma(a + b) / (math.gamma(a) * math.gamma(b)) * x ** a * y ** b
        if front > SMALLEST_NORMAL:
            return front
    return math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                    + a * math.log(x) + b * math.log(y))
