"""analyse: ties between maximisers, and literals read exactly (findings of a review)."""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_gan.analysis import analyse
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.objective import P, Q


def test_two_ends_attaining_the_supremum_give_no_single_d_star():
    # (p + q)·y² on [−1, 1] is maximal at y = −1 and at y = 1
    result = analyse("y**2", "y**2", "[-1, 1]")
    assert result.optimum.dstar is None
    assert [piece.dstar for piece in result.optimum.pieces] == [None]


def test_where_two_regions_meet_no_value_is_claimed():
    # hinge loss: D* = −1 for p < q, 1 for p > q; at p = q every y in [−1, 1] is optimal
    dstar = analyse("min(0, y-1)", "min(0, -y-1)", "R").optimum.dstar
    assert dstar.subs({P: 1, Q: 2}) == -1 and dstar.subs({P: 2, Q: 1}) == 1
    assert dstar.subs({P: 1, Q: 1}) is sp.nan or isinstance(dstar.subs({P: 1, Q: 1}),
                                                            sp.Piecewise)


def test_a_unique_maximiser_is_still_reported():
    assert analyse("log(y)", "log(1-y)", "(0, 1)").optimum.dstar == P / (P + Q)


@pytest.mark.parametrize("a", ["1e-400*y", "1e400*y", "0.1000000000000000000000000000001*y"])
def test_a_literal_a_double_cannot_hold_is_refused_not_rounded(a):
    with pytest.raises(InvalidArgument, match=r"1e|0\.1"):
        analyse(a, "-y**2", "R")


def test_a_decimal_is_read_as_written():
    # 0.1 is 1/10 exactly, not the double nearest to it
    result = analyse("0.1*log(y)", "0.1*log(1-y)", "(0, 1)")
    assert result.optimum.dstar == P / (P + Q)
