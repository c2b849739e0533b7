"""The supremum over ``y`` of ``ψ(y; u) = u·a(y) + b(y)`` for every ratio ``u = p/q > 0``.

``p·a(y) + q·b(y) = q·ψ(y; p/q)``, so the optimal discriminator and the criterion follow from
``h(u) = sup_y ψ(y; u)``. Nothing is assumed about concavity. The domain is cut at the points
where ``a`` or ``b`` is not smooth (``abs``, ``min``, ``max``, ``sign``); on each piece the
*candidates* for the supremum are the stationary points, the points of the domain at the cuts
and closed ends, and the one-sided limits at open or infinite ends. The ratios ``u`` at which a
stationary point leaves its piece, a limit changes sign, or two candidate values cross split
``u > 0`` into regions; in each region the candidate with the largest value (compared exactly at
a rational sample ratio, at 30 digits) is the supremum. Anything that cannot be decided raises
:class:`Undecided` with the reason, which the analysis reports as kind ``unknown``.

>>> from symbolic_gan.objective import Y
>>> regions = supremum_regions(sp.log(Y), sp.log(1 - Y), sp.Interval.open(0, 1))
>>> [(r.lo, r.hi, r.where, r.location) for r in regions.regions]
[(0, oo, 'interior', u/(u + 1))]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from symbolic_gan.analysis.catalogue import U
from symbolic_gan.analysis.limits import (
    Undecided,
    combine_limits,
    end_limit,
    is_finite,
    ratio_limit,
    ratios_where_zero,
    real_part,
)
from symbolic_gan.calculus import find_roots
from symbolic_gan.objective import Y

__all__ = ["NONSMOOTH", "Region", "Suprema", "Undecided", "breakpoints", "sample_inside",
           "smooth_branch", "supremum_regions"]

#: Functions at whose arguments' roots ``ψ`` may fail to be differentiable.
NONSMOOTH = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside)
_DIGITS = 30
_TIE = sp.Float("1e-20")
_COARSE = tuple(sp.Rational(10) ** k for k in range(-6, 7))


@dataclass(frozen=True)
class _Candidate:
    key: tuple[object, ...]
    where: str  # interior | boundary | kink | limit
    location: sp.Expr  # y (a function of u for stationary points; ±oo for limits at infinity)
    value: sp.Expr  # ψ there (a Piecewise in u for limits whose sign depends on u)
    piece: tuple[sp.Expr, sp.Expr] | None = None  # the open piece a stationary point must lie in
    slope: sp.Expr | None = None  # dψ/dy on the piece, to reject spurious roots


@dataclass(frozen=True)
class Region:
    """On ``lo < u < hi`` the supremum is ``value``, found at ``location`` (``where``)."""

    lo: sp.Expr
    hi: sp.Expr
    where: str
    """``interior`` (stationary point), ``boundary`` (closed end), ``kink`` (a point where ψ is
    not differentiable), ``limit`` (not attained) or ``unbounded`` (value +∞)."""
    location: sp.Expr
    value: sp.Expr
    stationary: tuple[sp.Expr, ...] = ()
    """Every stationary point of ψ inside the domain on this region (the maximiser among them)."""
    unique: bool = True
    """False when another point of the domain attains the same supremum on this region."""


def breakpoints(expr: sp.Expr, domain: sp.Interval) -> list[sp.Expr]:
    """Points inside ``domain`` where ``expr`` (in ``y``) may not be differentiable.

    >>> breakpoints(sp.Max(0, 1 - Y) + sp.Abs(Y + 1), sp.Reals)
    [-1, 1]
    """
    inside = sp.Interval.open(domain.inf, domain.sup)
    points: set[sp.Expr] = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Max | sp.Min):
            gaps = [x - z for x, z in itertools.combinations(node.args, 2)]
        elif isinstance(node, NONSMOOTH):
            gaps = [node.args[0]]
        else:
            continue
        for gap in gaps:
            if not gap.has(Y):
                continue
            found = sp.solveset(gap, Y, inside)
            if not isinstance(found, sp.FiniteSet):
                raise Undecided(f"the points where {sp.sstr(node)} is not smooth: {found}")
            points.update(found)
    return sorted(points, key=lambda v: float(v))


def smooth_branch(expr: sp.Expr, mid: sp.Expr) -> sp.Expr:
    """``expr`` with each non-smooth function replaced by its branch at ``y = mid``.

    >>> smooth_branch(sp.Max(0, 1 - Y), sp.Integer(3))
    0
    """
    def at(e: sp.Expr) -> float:
        return float(sp.N(e.subs(Y, mid), _DIGITS))

    def branch(node: sp.Expr) -> sp.Expr:
        if isinstance(node, sp.Max):
            return max(node.args, key=at)
        if isinstance(node, sp.Min):
            return min(node.args, key=at)
        sign = 1 if at(node.args[0]) > 0 else -1
        if isinstance(node, sp.Abs):
            return sign * node.args[0]
        if isinstance(node, sp.sign):
            return sp.Integer(sign)
        return sp.Integer(1 if sign > 0 else 0)  # Heaviside

    return expr.replace(lambda e: isinstance(e, NONSMOOTH), branch)


def sample_inside(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """A point strictly between ``lo`` and ``hi`` (either may be infinite)."""
    if lo == -sp.oo and hi == sp.oo:
        return sp.Integer(0)
    if lo == -sp.oo:
        return hi - 1
    if hi == sp.oo:
        return lo + 1
    return (lo + hi) / 2


def _end_candidates(a: sp.Expr, b: sp.Expr, lo: sp.Expr, hi: sp.Expr, key: int
                    ) -> tuple[list[_Candidate], list[sp.Expr]]:
    out, critical = [], []
    for end, direction, side in ((lo, "+", "lo"), (hi, "-", "hi")):
        la, lb = end_limit(a, end, direction), end_limit(b, end, direction)
        ratio = None
        if not is_finite(la) and not is_finite(lb) and la != lb:
            ratio = ratio_limit(a, b, end, direction)
        value, kappa = combine_limits(la, lb, ratio)
        if kappa is not None:
            critical.append(kappa)
        out.append(_Candidate(("limit", key, side), "limit", end, value))
    return out, critical


def _point_value(a: sp.Expr, b: sp.Expr, y: sp.Expr, direction: str) -> sp.Expr:
    """ψ at a point of the domain; where a or b is undefined there (``log 0``), its limit from
    inside the domain (``direction``) — the value an extended-real objective takes."""
    la, lb = a.subs(Y, y), b.subs(Y, y)
    if la.has(sp.zoo, sp.nan) or not (is_finite(la) or la in (sp.oo, -sp.oo)):
        la = end_limit(a, y, direction)
    if lb.has(sp.zoo, sp.nan) or not (is_finite(lb) or lb in (sp.oo, -sp.oo)):
        lb = end_limit(b, y, direction)
    return combine_limits(la, lb, None)[0]


def _stationary(a: sp.Expr, b: sp.Expr, lo: sp.Expr, hi: sp.Expr, key: int, notes: list[str]
                ) -> tuple[list[_Candidate], list[sp.Expr]]:
    slope = U * sp.diff(a, Y) + sp.diff(b, Y)
    if not slope.has(Y):
        return [], []  # ψ is affine in y on this piece: its sup sits at an end
    try:
        roots = find_roots(slope, Y)
    except (NotImplementedError, ValueError, TypeError) as exc:
        raise Undecided(f"solving dψ/dy = {sp.sstr(slope)} = 0: {exc}") from None
    out, critical = [], []
    for i, root in enumerate(roots):
        if root.has(sp.I) and not root.has(U):
            continue
        if root.has(U) and not any(real_part(sp.N(root.subs(U, u0), 20)) is not None
                                   for u0 in _COARSE):
            notes.append(f"the solver root {sp.sstr(root)} of dψ/dy is not real for any u on a "
                         "grid in [1e-6, 1e6]: dropped")
            continue
        for end in (lo, hi):
            if is_finite(end) and root.has(U):
                critical += ratios_where_zero(
                    root - end, f"where the stationary point {sp.sstr(root)} meets y = {end}",
                    notes)
        value = (U * a + b).subs(Y, root)
        out.append(_Candidate(("stationary", key, i), "interior", root, value, (lo, hi), slope))
    return out, critical


def _candidates(a: sp.Expr, b: sp.Expr, domain: sp.Interval, notes: list[str]
                ) -> tuple[list[_Candidate], list[sp.Expr]]:
    cuts = breakpoints(a, domain) + breakpoints(b, domain)
    cuts = sorted(set(cuts), key=lambda v: float(v))
    ends = [domain.inf, *cuts, domain.sup]
    candidates: list[_Candidate] = []
    critical: list[sp.Expr] = []
    for k, (lo, hi) in enumerate(itertools.pairwise(ends)):
        mid = sample_inside(lo, hi)
        a_k, b_k = smooth_branch(a, mid), smooth_branch(b, mid)
        found, more = _end_candidates(a_k, b_k, lo, hi, k)
        candidates += found
        critical += more
        found, more = _stationary(a_k, b_k, lo, hi, k, notes)
        candidates += found
        critical += more
    for y in cuts:
        candidates.append(_Candidate(("point", y), "kink", y, _point_value(a, b, y, "+")))
    for y, closed, direction in ((domain.inf, not domain.left_open, "+"),
                                 (domain.sup, not domain.right_open, "-")):
        if closed:
            candidates.append(_Candidate(("point", y), "boundary", y,
                                         _point_value(a, b, y, direction)))
    return candidates, critical


def _same_values(gap: sp.Expr) -> bool:
    """Whether two candidates have the same value for every u (e.g. a limit and the point
    value at the same end): zero at three ratios to 25 digits, then ``cancel`` decides."""
    for u0 in (sp.Rational(1, 3), sp.Rational(7, 4), sp.Rational(9)):
        v = real_part(sp.N(gap.subs(U, u0), 30))
        if v is None or not v.is_number or v.has(sp.oo, -sp.oo, sp.zoo, sp.nan) or abs(v) > 1e-25:
            return False
    return sp.cancel(gap) == 0 or not sp.simplify(gap).has(U)


def _crossings(candidates: list[_Candidate], notes: list[str]) -> list[sp.Expr]:
    """Ratios at which two finite candidate values are equal."""
    if any(c.value == sp.oo for c in candidates):
        return []  # the supremum is +∞ for every ratio: no comparison matters
    finite = [c for c in candidates if not isinstance(c.value, sp.Piecewise)
              and c.value not in (sp.oo, -sp.oo)]
    out = []
    for one, two in itertools.combinations(finite, 2):
        gap = one.value - two.value
        if not gap.has(U) or _same_values(gap):
            continue
        out += ratios_where_zero(gap, f"the values at {one.where} y = {sp.sstr(one.location)}"
                                  f" and at {two.where} y = {sp.sstr(two.location)} cross", notes)
    return out


def _sample(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    if hi == sp.oo:
        return sp.Rational(sp.ceiling(2 * lo + 1))
    if lo == 0:
        return sp.Rational(sp.N(hi, _DIGITS) / 2).limit_denominator(10**6)
    guess = sp.Rational(sp.N((lo + hi) / 2, _DIGITS)).limit_denominator(10**6)
    return guess if bool(lo < guess < hi) else (lo + hi) / 2


def _evaluate(candidate: _Candidate, u0: sp.Expr) -> sp.Expr | None:
    """The candidate's value at ratio ``u0``, or None when it is not valid there."""
    if candidate.piece is not None:
        y0 = real_part(sp.N(candidate.location.subs(U, u0), _DIGITS))
        if y0 is None:
            return None
        lo, hi = candidate.piece
        if not (bool(lo < y0) and bool(y0 < hi)):
            return None
        slope = sp.N(candidate.slope.subs({U: u0, Y: y0}), _DIGITS)  # type: ignore[union-attr]
        if not slope.is_number or abs(slope) > sp.Float("1e-15") * (1 + abs(u0)):
            return None  # a spurious root of the solver
    value = candidate.value.subs(U, u0)
    if value in (sp.oo, -sp.oo):
        return value
    real = real_part(sp.N(value, _DIGITS))
    if real is None:
        raise Undecided(f"ψ at {candidate.where} point {candidate.location} is "
                        f"{sp.N(value, 6)} at u = {u0}, not a real number")
    return real


_PREFERENCE = {"interior": 0, "boundary": 0, "kink": 0, "limit": 1}


def _winner(candidates: list[_Candidate], u0: sp.Expr
            ) -> tuple[_Candidate, sp.Expr, tuple[sp.Expr, ...], bool]:
    scored = []
    for c in candidates:
        v = _evaluate(c, u0)
        if v is not None:
            scored.append((c, v))
    stationary = tuple(c.location for c, _ in scored if c.where == "interior")
    if not scored:
        raise Undecided(f"no candidate for the supremum at u = {u0}")
    top = max(v for _, v in scored)
    if top == sp.oo:
        best = [c for c, v in scored if v == sp.oo]
        return best[0], sp.oo, stationary, True
    near = [(c, v) for c, v in scored if v != -sp.oo and abs(v - top) <= _TIE * (1 + abs(top))]
    near.sort(key=lambda cv: _PREFERENCE[cv[0].where])
    # a second point (or an end approached) with the same value: the maximiser is not unique,
    # or the supremum runs along a flat stretch to an end
    reached = {_located(c, u0) for c, _ in near}
    return near[0][0], top, stationary, len(reached) <= 1


def _located(candidate: _Candidate, u0: sp.Expr) -> sp.Expr:
    """Where the candidate is at ratio ``u0`` (rounded, to tell points apart)."""
    return sp.N(candidate.location.subs(U, u0), 15)


@dataclass(frozen=True)
class Suprema:
    """The regions of ``u``, and what was decided only numerically (``notes``)."""

    regions: tuple[Region, ...]
    notes: tuple[str, ...] = ()


def _lambert_change(a: sp.Expr, b: sp.Expr, domain: sp.Interval):
    """For ``W(exp(c0 + c1·y))`` (Lambert W, as in the Jeffreys conjugate): the change of
    variable ``w = W(exp(c0 + c1·y))``, i.e. ``y = (w + log w − c0)/c1`` with w > 0, which is
    monotone, so the supremum over y is the supremum over w. Returns the objective in w (written
    in the symbol y), the interval of w, and the map back; None when it does not apply."""
    atoms = {e for e in (a + b).atoms(sp.LambertW)}
    if len(atoms) != 1:
        return None
    (atom,) = atoms
    inner = atom.args[0]
    if len(atom.args) != 1 or not isinstance(inner, sp.exp):
        return None
    exponent = sp.expand(inner.args[0])
    c1 = exponent.coeff(Y)
    c0 = sp.expand(exponent - c1 * Y)
    if c0.has(Y) or c1 == 0 or not c1.is_number:
        return None
    w = sp.Dummy("w", positive=True)
    back = (w + sp.log(w) - c0) / c1
    ends = [sp.LambertW(sp.exp(c0 + c1 * e)) if is_finite(e) else
            (sp.oo if (c1 * e) == sp.oo else sp.Integer(0)) for e in (domain.inf, domain.sup)]
    opens = [domain.left_open, domain.right_open]
    if c1.is_negative:
        ends.reverse()
        opens.reverse()
    new = [e.xreplace({atom: w}).subs(Y, back).xreplace({w: Y}) for e in (a, b)]
    if any(e.has(sp.LambertW) for e in new):
        return None
    return new[0], new[1], sp.Interval(ends[0], ends[1], *opens), back.xreplace({w: Y})


def supremum_regions(a: sp.Expr, b: sp.Expr, domain: sp.Interval) -> Suprema:
    """The regions of ``u > 0`` with the supremum of ``u·a(y) + b(y)`` over ``domain`` in each.

    A single Lambert W of an exponential is first removed by a monotone change of variable.
    """
    changed = _lambert_change(a, b, domain)
    if changed is None:
        return _regions(a, b, domain)
    a_w, b_w, domain_w, back = changed
    found = _regions(a_w, b_w, domain_w)
    regions = tuple(Region(r.lo, r.hi, r.where, _map_back(r.location, back, domain_w),
                           r.value, tuple(back.subs(Y, s) for s in r.stationary))
                    for r in found.regions)
    shown = sp.sstr(back.subs(Y, sp.Symbol("w")))
    return Suprema(regions, (*found.notes, f"change of variable w = W(...) > 0, y = {shown}"))


def _map_back(location: sp.Expr, back: sp.Expr, domain_w: sp.Interval) -> sp.Expr:
    """A location in w as a location in y (an end of the w-interval as the matching y end)."""
    for end, side in ((domain_w.inf, "+"), (domain_w.sup, "-")):
        if location == end:
            return sp.limit(back, Y, end, side)
    return back.subs(Y, location)


def _regions(a: sp.Expr, b: sp.Expr, domain: sp.Interval) -> Suprema:
    """The regions of ``u > 0`` with the supremum of ``u·a(y) + b(y)`` over ``domain`` in each.

    >>> hinge = supremum_regions(sp.Min(0, Y - 1), sp.Min(0, -Y - 1), sp.Reals)
    >>> [(r.lo, r.hi, r.where, r.location, r.value) for r in hinge.regions]
    [(0, 1, 'kink', -1, -2*u), (1, oo, 'kink', 1, -2)]
    """
    notes: list[str] = []
    candidates, critical = _candidates(a, b, domain, notes)
    critical += _crossings(candidates, notes)
    cuts = sorted({c for c in [*critical, sp.Integer(1)] if c.is_positive and is_finite(c)},
                  key=lambda v: float(v))
    bounds = [sp.Integer(0), *cuts, sp.oo]
    regions: list[Region] = []
    for lo, hi in itertools.pairwise(bounds):
        best, top, stationary, unique = _winner(candidates, _sample(lo, hi))
        where = "unbounded" if top == sp.oo else best.where
        value = sp.oo if top == sp.oo else best.value
        if isinstance(value, sp.Piecewise):
            value = value.subs(U, _sample(lo, hi))
        region = Region(lo, hi, where, best.location, value, stationary, unique)
        previous = regions[-1] if regions else None
        if previous and (previous.where, previous.location, previous.value, previous.unique) == (
                region.where, region.location, region.value, region.unique):
            regions[-1] = Region(previous.lo, hi, where, best.location, value,
                                 previous.stationary, unique)
        else:
            regions.append(region)
    return Suprema(tuple(regions), tuple(notes))
