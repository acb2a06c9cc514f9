"""ssigen.analysis.stats against scipy.stats, the reference it replaces on the build path:
the same statistics and p-values, including scipy's choice of exact or approximate method."""
from __future__ import annotations

import math
import random
import subprocess
import sys
import warnings

import pytest
from scipy import stats as scipy_stats

from ssigen.analysis.cohorts import signed_rank
from ssigen.analysis.stats import regularized_beta, spearman, wilcoxon_signed_rank

REL = 1e-9
SEEDS = range(40)


def same(ours: float, theirs: float, abs_tol: float = 0.0) -> bool:
    if math.isnan(ours) or math.isnan(theirs):
        return math.isnan(ours) and math.isnan(theirs)
    return math.isclose(ours, theirs, rel_tol=REL, abs_tol=abs_tol)


def scipy_wilcoxon(values: list[float]) -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = scipy_stats.wilcoxon(values, zero_method="wilcox", alternative="two-sided")
    return float(result.statistic), float(result.pvalue)


def assert_wilcoxon_matches(values: list[float]) -> None:
    ours, theirs = wilcoxon_signed_rank(values), scipy_wilcoxon(values)
    assert same(ours[0], theirs[0]) and same(ours[1], theirs[1]), (values, ours, theirs)


def ssi_deltas(rng: random.Random, n: int) -> list[float]:
    """Changes as a cohort's totals show them: one decimal, many ties in magnitude."""
    return [d for d in (round(rng.uniform(-10, 15), 1) for _ in range(n)) if d != 0]


@pytest.mark.parametrize("seed", SEEDS)
def test_small_samples_without_ties_use_the_exact_distribution(seed):
    rng = random.Random(seed)
    for n in range(2, 13):
        assert_wilcoxon_matches([rng.gauss(1, 3) for _ in range(n)])


# scipy's permutation test takes ~2 s for 13 tied values, so fewer of those.
@pytest.mark.parametrize("seed", range(10))
def test_small_samples_with_ties_enumerate_the_sign_flips(seed):
    rng = random.Random(seed)
    for n in range(2, 10):
        if n % 2:
            assert_wilcoxon_matches([rng.choice([-3, -2, -1, 1, 2, 3, 4]) for _ in range(n)])
        else:
            assert_wilcoxon_matches(ssi_deltas(rng, n) or [1.0])


@pytest.mark.parametrize("seed", SEEDS)
def test_ssi_deltas_from_20_to_60_members(seed):
    rng = random.Random(seed)
    for n in (20, 30, 40, 49, 50, 51, 52, 60):
        assert_wilcoxon_matches(ssi_deltas(rng, n))


@pytest.mark.parametrize("n", [10, 11, 12, 13, 14, 15])
def test_tied_samples_either_side_of_13(n):
    """Up to 13 values with ties, scipy enumerates the 2**n sign flips; above, it uses the
    normal approximation. The two differ by far more than the tolerance."""
    rng = random.Random(n)
    assert_wilcoxon_matches([rng.choice([-2.5, -1, 1, 2, 2.5, 4]) for _ in range(n)])


@pytest.mark.parametrize("seed", SEEDS)
def test_distinct_samples_either_side_of_50(seed):
    rng = random.Random(seed)
    for n in (48, 49, 50, 51, 52):
        assert_wilcoxon_matches([rng.gauss(0.5, 2) for _ in range(n)])


@pytest.mark.parametrize("seed", range(10))
def test_all_positive_and_all_negative_samples(seed):
    rng = random.Random(seed)
    for n in (2, 5, 9, 12, 13, 20, 50, 51, 60):
        values = [abs(rng.gauss(0, 4)) + 0.1 for _ in range(n)]
        assert_wilcoxon_matches(values)
        assert_wilcoxon_matches([-v for v in values])
        if n < 10 or n > 13:
            assert_wilcoxon_matches([round(v, 1) for v in values])


@pytest.mark.parametrize("seed", range(10))
def test_zeros_are_dropped_but_count_towards_the_method(seed):
    rng = random.Random(seed)
    for n in (3, 8, 14, 30, 50, 51):
        assert_wilcoxon_matches([rng.choice([0, 0, 1.5, -2, 3, 4.5]) for _ in range(n)])
        assert_wilcoxon_matches([0.0] * (n - 1) + [rng.gauss(0, 1)])


@pytest.mark.parametrize("values", [[0.0] * 5, [0.0] * 20, [1.0], [-2.0, 2.0],
                                    [1.0, math.nan, 2.0], [0.0] * 12 + [3.0],
                                    [0.0, 0.0] + [float(i) for i in range(1, 12)]])
def test_degenerate_samples_as_scipy(values):
    assert_wilcoxon_matches(values)


def test_wilcoxon_values_known_by_hand():
    # n = 5, all positive: only the all-positive pattern of 32 has R- = 0, two-sided 2/32.
    assert wilcoxon_signed_rank([1, 2, 3, 4, 5]) == (0.0, 0.0625)
    # R- = 2: the patterns with R- in {0, 1, 2} are 3 of 32, two-sided 6/32.
    assert wilcoxon_signed_rank([1, -2, 3, 4, 5]) == (2.0, 0.1875)
    # Ties: mid-ranks 1.5, 1.5, 3; R- = 1.5 reached or passed by 3 of 8 flips.
    assert wilcoxon_signed_rank([1, -1, 2]) == (1.5, 0.75)


def test_the_cohort_test_keeps_its_rules():
    assert signed_rank([0.0, 1e-12, 2.0]).p_value is None   # one non-zero change
    result = signed_rank([1.2, -0.4, 3.1, 2.2, 0.0, 5.0])
    assert (result.n, result.statistic) == (5, 1.0)
    assert result.p_value == pytest.approx(scipy_wilcoxon([1.2, -0.4, 3.1, 2.2, 5.0])[1])


def scipy_spearman(x: list[float], y: list[float]) -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = scipy_stats.spearmanr(x, y)
    return float(result.statistic), float(result.pvalue)


def assert_spearman_matches(x: list[float], y: list[float]) -> None:
    """rho within 1e-9 relative, or 1e-15 absolute where it is 0 and scipy's corrcoef
    leaves ~1e-17 of rounding; the p-value within 1e-9 relative. Where the ranks agree
    exactly, our rho is exactly ±1 and p 0, while scipy's rho can be 1 ulp short of ±1,
    which leaves it a p-value of up to ~1e-8 (n = 3) instead of 0: only that is excused."""
    ours, theirs = spearman(x, y), scipy_spearman(x, y)
    assert same(ours[0], theirs[0], abs_tol=1e-15), (x, y, ours, theirs)
    if abs(ours[0]) == 1 and len(x) > 2:
        assert ours[1] == 0 and theirs[1] < 1e-7, (x, y, ours, theirs)
    else:
        assert same(ours[1], theirs[1]), (x, y, ours, theirs)


SIZES = (3, 4, 5, 7, 10, 15, 25, 40, 60, 100, 150, 200)


@pytest.mark.parametrize("seed", SEEDS)
def test_spearman_on_continuous_values(seed):
    rng = random.Random(seed)
    for n in SIZES:
        x = [rng.gauss(0, 1) for _ in range(n)]
        noise = rng.choice([0.05, 0.5, 2, 20])
        assert_spearman_matches(x, [v + rng.gauss(0, noise) for v in x])
        assert_spearman_matches(x, [rng.random() for _ in range(n)])


@pytest.mark.parametrize("seed", SEEDS)
def test_spearman_with_ties_in_both_variables(seed):
    rng = random.Random(seed)
    for n in SIZES:
        x = [rng.randint(0, rng.choice([2, 5, 20])) for _ in range(n)]
        y = [v * rng.choice([0, 1, 1, 2]) + rng.randint(0, 3) for v in x]
        if len(set(x)) > 1 and len(set(y)) > 1:
            assert_spearman_matches(x, y)


@pytest.mark.parametrize("seed", SEEDS)
def test_spearman_on_scores_and_revenue(seed):
    """As the deals page calls it: SSI scores against credited revenue, mostly zero."""
    rng = random.Random(seed)
    for n in SIZES:
        scores = [round(rng.uniform(20, 90), 2) for _ in range(n)]
        revenue = [0.0 if rng.random() < 0.6 else round(s * rng.uniform(0, 2000), -2)
                   for s in scores]
        if len(set(revenue)) > 1:
            assert_spearman_matches(scores, revenue)


@pytest.mark.parametrize("x, y", [([1, 2], [2, 1]), ([1, 1, 1], [1, 2, 3]),
                                  ([1, 2, 3], [3, 2, 1]), ([1, 2, math.nan], [1, 2, 3]),
                                  ([1, 2, math.inf], [3, 2, 1])])
def test_spearman_degenerate_inputs_as_scipy(x, y):
    assert_spearman_matches(x, y)


def test_spearman_values_known_by_hand():
    # rho = 1 - 6·Σd²/(n(n²-1)); with 1 degree of freedom p = 1 - (2/π)·atan|t|, with 2
    # degrees of freedom p = 1 - |rho|.
    rho, p = spearman([1, 2, 3], [1, 3, 2])
    assert rho == 0.5 and p == pytest.approx(2 / 3, rel=1e-14)
    rho, p = spearman([1, 2, 3, 4], [1, 3, 2, 4])
    assert rho == 0.8 and p == pytest.approx(0.2, rel=1e-14)
    assert spearman([10, 20, 30, 40, 50], [5, 4, 3, 2, 1]) == (-1.0, 0.0)


def test_incomplete_beta_known_values():
    assert regularized_beta(1, 1, 0.3) == pytest.approx(0.3, rel=1e-15)
    assert regularized_beta(2, 3, 0.4) == pytest.approx(0.5248, rel=1e-14)  # 1 - Σ binomials
    assert regularized_beta(0.5, 0.5, 0.5) == pytest.approx(0.5, rel=1e-14)
    assert regularized_beta(3, 2, 0.0) == 0.0 and regularized_beta(3, 2, 1.0) == 1.0


def test_the_analyses_run_without_scipy():
    code = """if True:
        import sys
        from types import SimpleNamespace
        from ssigen.analysis.cohorts import signed_rank
        from ssigen.analysis.deals import score_revenue_correlation
        assert signed_rank([1.5, -0.5, 2.0, 3.5]).p_value is not None
        members = [SimpleNamespace(score=s, attributed_revenue=r)
                   for s, r in [(40, 0), (55, 1000), (70, 500), (80, 9000)]]
        assert score_revenue_correlation(members).p_value is not None
        print(sorted(m for m in sys.modules if m.split(".")[0] == "scipy"))
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr
