"""One-sided limits of objectives at the ends of their domain, and ratios where a function of
u = p/q vanishes, each with the guards that keep the analysis honest and finite in time.

SymPy's ``limit`` is checked against values approaching the end (it errs on some Lambert W
forms); ``sympy.solve`` is asked only for equations it handles quickly, others are scanned for
sign changes over u in [1e-6, 1e6] and the scan is recorded.

>>> from symbolic_gan.objective import Y
>>> end_limit(sp.log(Y), sp.Integer(0), "+")
-oo
>>> combine_limits(sp.oo, -sp.oo, sp.Integer(-1))
(Piecewise((oo, u > 1), (-oo, True)), 1)
"""

from __future__ import annotations

import sympy as sp

from symbolic_gan.analysis.catalogue import U
from symbolic_gan.objective import Y

__all__ = ["MAX_DEGREE", "Undecided", "combine_limits", "end_limit", "is_finite", "ratio_limit",
           "ratios_where_zero", "real_part"]

#: Polynomials in u of higher degree are scanned, not solved.
MAX_DEGREE = 8


class Undecided(Exception):
    """The analysis could not decide something; the message says what."""


def is_finite(v: sp.Expr) -> bool:
    """Whether ``v`` is a finite number (or an expression SymPy knows to be finite)."""
    return v.is_finite is True or (v.is_number and not v.has(sp.oo, -sp.oo, sp.zoo, sp.nan))



def _approach(end: sp.Expr, direction: str) -> list[sp.Expr]:
    if end == sp.oo:
        return [sp.Integer(10) ** k for k in (2, 4, 8)]
    if end == -sp.oo:
        return [-sp.Integer(10) ** k for k in (2, 4, 8)]
    sign = 1 if direction == "+" else -1
    return [end + sign * sp.Integer(10) ** -k for k in (2, 4, 8)]


def _implausible(expr: sp.Expr, end: sp.Expr, direction: str, value: sp.Expr) -> bool:
    """Whether values of ``expr`` approaching ``end`` contradict the limit ``value``.

    A guard against wrong symbolic limits (SymPy's ``limit`` errs on some LambertW forms).
    """
    try:
        values = [complex(sp.N(expr.subs(Y, y), 20)) for y in _approach(end,
                                                                              direction)]
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return False  # nothing to compare with
    if any(abs(v.imag) > 1e-12 * (1 + abs(v.real)) for v in values):
        return False
    first, last = values[0].real, values[-1].real
    if value in (sp.oo, -sp.oo):
        sign = 1 if value == sp.oo else -1
        return sign * last < 0 or (abs(last) < 10 and abs(last) <= abs(first))
    target = float(value)
    return abs(last - target) > 1e-2 * (1 + abs(target)) and abs(last - target) >= abs(
        first - target)


def _quick_limit(expr: sp.Expr, end: sp.Expr) -> sp.Expr | None:
    """The limit by substitution where that is decisive: a finite value of a continuous
    expression, or ``log g`` with ``g -> 0`` (which is −∞ from inside the domain)."""
    whole = expr.subs(Y, end)
    if whole.is_number and is_finite(whole):
        return whole
    if isinstance(expr, sp.log) and expr.args[0].subs(Y, end) == 0:
        return -sp.oo
    return None


def end_limit(expr: sp.Expr, end: sp.Expr, direction: str) -> sp.Expr:
    value = _quick_limit(expr, end)
    if value is not None and not _implausible(expr, end, direction, value):
        return value
    try:
        value = sp.limit(expr, Y, end, direction)
    except (NotImplementedError, ValueError, TypeError) as exc:
        raise Undecided(f"limit of {sp.sstr(expr)} as y -> {end}{direction}: {exc}") from None
    if value.has(sp.nan, sp.zoo, sp.AccumBounds) or value.has(sp.Limit) or not (
            is_finite(value) or value in (sp.oo, -sp.oo)):
        raise Undecided(f"limit of {sp.sstr(expr)} as y -> {end}{direction} is {value}")
    if value.has(Y) or _implausible(expr, end, direction, value):
        raise Undecided(f"sympy.limit of {sp.sstr(expr)} as y -> {end}{direction} gives "
                        f"{value}, which values near the end contradict")
    return value


def ratio_limit(a: sp.Expr, b: sp.Expr, end: sp.Expr, direction: str) -> sp.Expr:
    """``lim b/a`` where both diverge: by L'Hôpital (``b'/a'``) first, else directly."""
    try:
        return end_limit(sp.diff(b, Y) / sp.diff(a, Y), end, direction)
    except Undecided:
        return end_limit(b / a, end, direction)


def combine_limits(la: sp.Expr, lb: sp.Expr, ratio: sp.Expr | None
                   ) -> tuple[sp.Expr, sp.Expr | None]:
    """``lim (u·a + b)`` from ``lim a``, ``lim b`` (and ``lim b/a`` if they are ∞ − ∞).

    Returns the value (a Piecewise in u when it depends on the sign of ``u − κ``) and ``κ``.
    """
    if is_finite(la) and is_finite(lb):
        return U * la + lb, None
    if not is_finite(la) and (is_finite(lb) or lb == la):
        return la, None
    if is_finite(la):
        return lb, None
    # opposite infinities: ψ = a·(u + b/a) with b/a -> -κ
    if ratio is None:
        raise Undecided("∞ − ∞ at an end without the ratio b/a")
    kappa = -ratio
    if kappa == 0:
        return la, None
    if kappa == sp.oo:
        return lb, None
    if not (is_finite(kappa) and kappa.is_positive):
        raise Undecided(f"lim b/a = {ratio} at an end where a and b diverge")
    return sp.Piecewise((la, U > kappa), (lb, True)), kappa



def _exactly_solvable(expr: sp.Expr) -> bool:
    """Whether ``sympy.solve`` may be asked (it can run for minutes on radicals): rational
    functions of u, and ``log`` of one minus a constant."""
    if expr.is_rational_function(U):
        return True
    logs = [t for t in sp.Add.make_args(expr) if t.has(U)]
    return len(logs) == 1 and isinstance(logs[0], sp.log) and bool(
        logs[0].args[0].is_rational_function(U))


def ratios_where_zero(expr: sp.Expr, what: str, notes: list[str]) -> list[sp.Expr]:
    """The ratios u > 0 where ``expr`` (in u) vanishes: solved exactly, or else a scan of
    u in [1e-6, 1e6] that finds no sign change (recorded in ``notes``)."""
    if expr.is_rational_function(U):
        numer, denom = sp.fraction(sp.together(expr))
        poly = sp.Poly(numer, U)
        if poly.degree() <= MAX_DEGREE:
            roots = sp.roots(poly)
            if sum(roots.values()) == poly.degree():
                return [r for r in roots if r.is_positive and denom.subs(U, r) != 0]
    elif _exactly_solvable(expr):
        try:
            roots = sp.solve(expr, U)
        except (NotImplementedError, ValueError, TypeError):
            roots = None
        if isinstance(roots, list) and all(r.is_number for r in roots):
            return [r for r in roots if r.is_positive]
    previous = None
    for k in range(-24, 25):
        u0 = sp.Rational(10) ** sp.Rational(k, 4)
        try:
            v = complex(sp.N(expr.subs(U, u0), 20))
        except (TypeError, ValueError):
            previous = None
            continue
        if abs(v.imag) > 1e-12 * (1 + abs(v.real)):
            previous = None
            continue
        sign = v.real > 0
        if previous is not None and sign != previous:
            raise Undecided(f"{what} near u = {sp.N(u0, 6)}, not solved exactly")
        previous = sign
    notes.append(f"{what}: not solved exactly; no sign change on a grid of u in [1e-6, 1e6]")
    return []



def real_part(value: sp.Expr) -> sp.Expr | None:
    """``value`` without an imaginary part below rounding (radicals of negative numbers leave
    one in Cardano's formulas), or None when it is not real."""
    if value.is_real:
        return value
    re, im = value.as_real_imag()
    if not (re.is_number and im.is_number) or re.has(sp.oo, -sp.oo, sp.nan, sp.zoo):
        return None
    return re if abs(im) <= sp.Float("1e-25") * (1 + abs(re)) else None


