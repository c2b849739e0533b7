"""A SymPy expression in the densities, lowered to NumPy and mpmath functions of the log-densities.

Every check evaluates claims in the *log domain*: ``log p``, ``log q`` and ``log(p + q)`` are
inputs (``lp``, ``lq``, ``lpq``), so ratios such as ``p/(p + q)`` never form ``0/0`` when the
densities underflow, and an additive term carrying a factor ``p`` is 0 where ``p`` is 0
(the ``0·log 0 = 0`` convention). The float64 evaluation also returns ``Σ|terms|``, from which
a check bounds the rounding error and decides where float64 cannot: there the mpmath twin is
evaluated at as many digits as needed.

>>> import numpy as np
>>> from symbolic_gan.objective import P, Q, Y
>>> f = lower(P * sp.log(P / (P + Q)), Roles(P, Q))
>>> value, scale = f.np(np.array([0.0, -np.inf]), np.array([0.0, 0.0]))  # p = 1, then p = 0
>>> [round(float(v), 12) for v in value]
[-0.69314718056, 0.0]
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import log1p
from sympy.core.function import AppliedUndef

from symbolic_gan import calculus
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.functionals import expand_functionals
from symbolic_gan.objective import X, Y

__all__ = [
    "EPS",
    "UNDERFLOW",
    "Lowered",
    "Roles",
    "Unevaluable",
    "canonical",
    "carry_out",
    "lower",
    "lower_normal",
    "mp_value",
    "normal_form",
]

EPS = float(np.finfo(float).eps)
#: log of the smallest normal double: a density whose log is below this has underflowed.
UNDERFLOW = -708.0
_LP, _LQ, _LPQ = sp.symbols("lp lq lpq", real=True)
_SUM = sp.Symbol("p_plus_q", positive=True)


class Unevaluable(InvalidArgument):
    """A claim the numeric check cannot evaluate (a free symbol with no role, a non-number)."""


@dataclass(frozen=True)
class Roles:
    """Which symbol is which in a claim: the two densities, the discriminator value, the point.

    ``p`` is evaluated as the first density of each pair and ``q`` as the second; ``y`` is the
    value ``D(x)`` of the discriminator, ``x`` the integration variable.
    """

    p: sp.Symbol
    q: sp.Symbol
    y: sp.Symbol = Y
    x: sp.Symbol = X


def carry_out(expr: sp.Expr) -> sp.Expr:
    """Carry out the derivatives, substitutions and limits a claim displays (integrals stay).

    >>> from symbolic_gan.objective import P, Q
    >>> carry_out(sp.Subs(P / (P + Q), Q, P))
    1/2
    """
    done = calculus.carry_out(expr)  # the checker's own rules: never a doit() of an integral
    if done.has(sp.Limit, sp.Derivative, sp.Subs):
        raise Unevaluable.for_value("claim", sp.sstr(expr), "an operation could not be carried out")
    return done


def _split_logs(expr: sp.Expr) -> sp.Expr:
    """``log(p/(p/2 + q/2)) → log p − log(p + q) + log 2``: sound, p and q are positive."""
    return expr.replace(lambda e: isinstance(e, sp.log),
                        lambda e: sp.expand_log(sp.log(sp.factor(sp.together(e.args[0])))))


@dataclass(frozen=True, eq=False)
class Lowered:
    """``expr`` as functions of ``(lp, lq, y)``: :meth:`np` in float64, :meth:`mp` in mpmath."""

    expr: sp.Expr
    vanish: tuple[tuple[bool, bool], ...]
    terms_np: Callable[..., Any]
    terms_mp: Callable[..., Any]
    uses_lpq: bool = True
    sums_np: Callable[..., Any] | None = None
    sums_vanish: tuple[tuple[bool, bool], ...] = ()

    @property
    def is_zero(self) -> bool:
        """Whether the lowered expression is identically 0 (every term cancelled)."""
        return not self.vanish

    def _terms(self, lp: np.ndarray, lq: np.ndarray, y: Any, x: Any, summed: bool = False
               ) -> list[Any]:
        """Each term (or each class's sum), 0 where it carries a density that is 0
        (0·log 0 = 0), NaN if complex."""
        lpq = np.logaddexp(lp, lq) if self.uses_lpq else 0.0
        fn, vanish = ((self.sums_np, self.sums_vanish) if summed and self.sums_np is not None
                      else (self.terms_np, self.vanish))
        out = []
        for value, (vanish_p, vanish_q) in zip(fn(lp, lq, lpq, y, x), vanish, strict=True):
            if np.iscomplexobj(value):  # a complex value is no value: NaN
                value = np.where(np.imag(value) == 0, np.real(value), np.nan)
            if vanish_p and vanish_q:
                value = np.where((lp < UNDERFLOW) | (lq < UNDERFLOW), 0.0, value)
            elif vanish_p:
                value = np.where(lp < UNDERFLOW, 0.0, value)
            elif vanish_q:
                value = np.where(lq < UNDERFLOW, 0.0, value)
            out.append(value)
        return out

    def np(self, lp: Any, lq: Any, y: Any = 0.0, x: Any = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """``(value, Σ|terms|)``, broadcast over ``lp``, ``lq``, ``y`` (and ``x``)."""
        lp, lq = np.asarray(lp, dtype=float), np.asarray(lq, dtype=float)
        shape = np.broadcast_shapes(lp.shape, lq.shape, np.shape(y), np.shape(x))
        total, scale = np.zeros(shape), np.zeros(shape)
        with np.errstate(all="ignore"):
            for value in self._terms(lp, lq, y, x):
                total = total + value
                scale = scale + np.abs(value)
        return total, scale

    def value(self, lp: Any, lq: Any, y: Any = 0.0, x: Any = 0.0) -> Any:
        """The value alone (a quadrature integrand: as few array passes as possible)."""
        with np.errstate(all="ignore"):
            terms = self._terms(lp, lq, y, x, summed=True)
            total = terms[0] if terms else np.zeros(np.shape(lp))
            for value in terms[1:]:
                total = total + value
        return np.broadcast_to(total, np.broadcast_shapes(np.shape(lp), np.shape(lq),
                                                          np.shape(total)))

    def mp(self, lp: Any, lq: Any, y: Any = 0, x: Any = 0) -> tuple[Any, Any]:
        """The mpmath twin of :meth:`np` at one point, to the caller's working precision:
        with as many more digits as ``log p`` and ``log q`` have before the point, so that
        ``exp(lq)·exp(lp − lq)²`` at ``lq = −1e44`` keeps the digits of ``lp``."""
        import mpmath

        size = max((abs(v) for v in (lp, lq) if mpmath.isfinite(v)), default=0)
        if size > 1:
            with mpmath.workdps(mpmath.mp.dps + int(mpmath.log10(size)) + 1):
                total, scale = self._mp(lp, lq, y, x)
            return +total, +scale
        return self._mp(lp, lq, y, x)

    def _mp(self, lp: Any, lq: Any, y: Any, x: Any) -> tuple[Any, Any]:
        import mpmath

        if mpmath.isinf(lp) and mpmath.isinf(lq):
            lpq = mpmath.mpf("-inf")
        else:
            top = max(lp, lq)
            lpq = top + mpmath.log1p(mpmath.exp(min(lp, lq) - top))
        total, scale = mpmath.mpf(0), mpmath.mpf(0)
        for value, (vanish_p, vanish_q) in zip(self.terms_mp(lp, lq, lpq, y, x), self.vanish,
                                               strict=True):
            if (vanish_p and mpmath.isinf(lp)) or (vanish_q and mpmath.isinf(lq)):
                continue
            total += value
            scale += abs(value)
        return total, scale


def mp_value(f: Lowered, lp: float, lq: float, y: Any = 0, digits: int = 30) -> tuple[Any, Any]:
    """``f`` at one node with mpmath, with enough digits that ``p/(p + q)`` keeps its distance
    from 0 and 1 (``|log p − log q|/2.3`` digits more than ``digits``)."""
    import mpmath

    extra = abs(lp - lq) / 2.3 if np.isfinite(lp - lq) else 0.0
    with mpmath.workdps(digits + int(min(extra, 400.0))):
        return f.mp(mpmath.mpf(lp), mpmath.mpf(lq), y)


@functools.lru_cache(maxsize=512)
def normal_form(expr: sp.Expr, roles: Roles, variable: sp.Symbol | None = None,
                with_x: bool = False) -> sp.Expr:
    """``expr`` with its logs split into ``lp``, ``lq``, ``lpq`` and its products distributed:
    two expressions with the same normal form are the same function.

    Raises :class:`Unevaluable` for a free symbol other than ``roles.p``, ``roles.q`` and
    ``variable`` (and ``roles.x`` when ``with_x``: inside an integral), naming it.
    """
    p, q = roles.p, roles.q
    expr = expand_functionals(carry_out(expr))
    if expr.has(sp.Integral):
        raise Unevaluable.for_value("claim", sp.sstr(expr), "an integral is not pointwise")
    unknown = expr.atoms(AppliedUndef)
    if unknown:
        raise Unevaluable.for_value(
            "claim", sp.sstr(expr),
            f"unknown function(s) {', '.join(sorted(map(sp.sstr, unknown)))} cannot be evaluated")
    allowed = {p, q} | ({variable} if variable is not None else set())
    allowed |= {roles.x} if with_x else set()
    extra = expr.free_symbols - allowed
    if extra:
        raise Unevaluable.for_value(
            "claim", sp.sstr(expr),
            f"free symbol(s) {', '.join(sorted(map(str, extra)))} have no numeric role "
            f"(densities {p}, {q}" + (f"; discriminator value {variable})" if variable else ")"))
    normal = _split_logs(expr).replace(
        lambda e: isinstance(e, sp.log) and e.args[0].is_Add and sp.Integer(1) in e.args[0].args,
        lambda e: log1p(e.args[0] - 1))  # log(1 − y) keeps its digits near y = 0
    marked = normal.xreplace({sp.log(p): _LP, sp.log(q): _LQ, sp.log(p + q): _LPQ})
    # p + q stays one quantity, exp(lpq): expanding must not multiply out its powers
    return sp.expand(sp.factor_terms(marked).xreplace({p + q: _SUM}), multinomial=False)


@functools.lru_cache(maxsize=256)
def canonical(normal: sp.Expr, roles: Roles) -> tuple[float, sp.Expr, sp.Expr]:
    """``normal = factor·rest`` for a number ``factor``, and a key that is equal for two
    ``rest`` that are the same function: ``(factor, rest, key)``.

    >>> from symbolic_gan.objective import P, Q
    >>> r = Roles(P, Q)
    >>> a = canonical(normal_form((P + Q) * sp.log(2), r), r)
    >>> b = canonical(normal_form(-2 * P * sp.log(2) - 2 * Q * sp.log(2), r), r)
    >>> a[0], b[0], a[2] == b[2]
    (1.0, -2.0, True)
    """
    plain = sp.expand(normal.xreplace({_SUM: roles.p + roles.q}), multinomial=False)
    factor, key = sp.factor_terms(plain).as_coeff_Mul()
    return float(factor), sp.expand(normal / factor, multinomial=False), sp.expand(key)


def lower(expr: sp.Expr, roles: Roles, variable: sp.Symbol | None = None,
          with_x: bool = False) -> Lowered:
    """Lower ``expr`` (free symbols among ``roles.p``, ``roles.q`` and ``variable``)."""
    return lower_normal(normal_form(expr, roles, variable, with_x), roles, variable, with_x)


@functools.lru_cache(maxsize=512)
def lower_normal(marked: sp.Expr, roles: Roles, variable: sp.Symbol | None = None,
                 with_x: bool = False) -> Lowered:
    """Lower an expression already in :func:`normal_form`."""
    p, q = roles.p, roles.q
    bodies, vanish = [], []
    for term in sp.Add.make_args(marked):
        if term == 0:
            continue
        vanish.append((term.has(p) and term.xreplace({p: 0}) == 0,
                       term.has(q) and term.xreplace({q: 0}) == 0))
        body = term.xreplace({_SUM: sp.exp(_LPQ), p: sp.exp(_LP), q: sp.exp(_LQ)})
        # every product of exponentials as one exponential: no 0/0 when densities underflow
        body = sp.powsimp(body, deep=True, combine="exp").xreplace({sp.zoo: sp.nan})
        bodies.append(body)
    y = variable if variable is not None else sp.Dummy("unused")
    x = roles.x if with_x else sp.Dummy("unused")
    try:
        fn_np = sp.lambdify((_LP, _LQ, _LPQ, y, x), bodies, modules=[np])
        fn_mp = sp.lambdify((_LP, _LQ, _LPQ, y, x), bodies, modules=["mpmath"])
    except (KeyError, TypeError, NameError, SyntaxError) as exc:
        raise Unevaluable.for_value("claim", sp.sstr(marked),
                                    f"cannot be evaluated ({exc})") from None
    uses_lpq = any(b.has(_LPQ) for b in bodies)
    # the quadrature integrand: terms summed within each 0·log 0 class, fewer array passes
    classes = sorted(set(vanish))
    sums = [sp.Add(*(b for b, v in zip(bodies, vanish, strict=True) if v == c)) for c in classes]
    try:
        fn_sums = sp.lambdify((_LP, _LQ, _LPQ, y, x), sums, modules=[np])
    except (KeyError, TypeError, NameError, SyntaxError) as exc:
        raise Unevaluable.for_value("claim", sp.sstr(marked),
                                    f"cannot be evaluated ({exc})") from None
    return Lowered(marked, tuple(vanish), fn_np, fn_mp, uses_lpq, fn_sums, tuple(classes))
