"""A catalogue of f-divergences ``D_f(P‖Q) = ∫ q·f(p/q) dx``, each with f normalised.

Each entry states ``f`` with ``f(1) = 0`` and ``f'(1) = 0``; ``f''`` is computed from it, never
typed in, and is the fingerprint: two normalised convex functions with proportional second
derivatives are proportional, so ``f_obj'' = c·f''`` identifies ``D_obj = c·D``. Families with a
parameter (weighted Jensen–Shannon, α-divergences, Arimoto) are matched by recovering the
parameter from ``f''`` and then verifying the whole ratio exactly.

>>> kl = get_divergence("KL")
>>> kl.second(), kl.normalised()
(1/u, True)
>>> match_divergence(sp.Integer(2) / (U * (U + 1))).label
'JSD(P‖Q)'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from symbolic_gan.errors import InvalidArgument

__all__ = ["CATALOGUE", "Divergence", "Match", "U", "get_divergence", "match_divergence"]

#: The likelihood ratio ``u = p/q`` (positive).
U = sp.Symbol("u", positive=True)
_SAMPLES = (sp.Rational(1, 3), sp.Rational(7, 2), sp.Rational(5, 7))


@dataclass(frozen=True)
class Divergence:
    """A named f-divergence: ``f`` normalised, its display label, and where it comes from."""

    name: str
    label: str
    f: sp.Expr
    note: str = ""

    def second(self) -> sp.Expr:
        """``f''(u)``, derived from ``f``."""
        return _second(self.f)

    def normalised(self) -> bool:
        """Whether ``f(1) = 0`` and ``f'(1) = 0``."""
        return (sp.simplify(self.f.subs(U, 1)) == 0
                and sp.simplify(sp.diff(self.f, U).subs(U, 1)) == 0)


@functools.lru_cache(maxsize=64)
def _second(f: sp.Expr) -> sp.Expr:
    return sp.factor(sp.together(sp.diff(f, U, 2)))


def _tangent_free(f: sp.Expr) -> sp.Expr:
    """``f − f(1) − f'(1)(u − 1)``: the same divergence, normalised."""
    return f - f.subs(U, 1) - sp.diff(f, U).subs(U, 1) * (U - 1)


CATALOGUE: tuple[Divergence, ...] = (
    # each f below is the textbook generator minus its tangent at u = 1 (``normalised()``)
    Divergence("KL", "KL(P‖Q)", U * sp.log(U) - U + 1, "∫ p log(p/q)"),
    Divergence("reverse KL", "KL(Q‖P)", -sp.log(U) + U - 1, "∫ q log(q/p)"),
    Divergence("Jensen-Shannon", "JSD(P‖Q)",
               (U * sp.log(2 * U / (U + 1)) + sp.log(2 / (U + 1))) / 2,
               "JSD = ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2"),
    Divergence("Pearson chi2", "χ²(P‖Q)", (U - 1) ** 2, "∫ (p − q)²/q"),
    Divergence("Neyman chi2", "χ²_N(P‖Q)", (1 - U) ** 2 / U, "∫ (p − q)²/p"),
    Divergence("squared Hellinger", "H²(P‖Q)", (sp.sqrt(U) - 1) ** 2, "∫ (√p − √q)²"),
    Divergence("triangular", "Δ(P‖Q)", (U - 1) ** 2 / (U + 1),
               "Vincze–Le Cam: ∫ (p − q)²/(p + q)"),
    Divergence("Jeffreys", "J(P‖Q)", (U - 1) * sp.log(U), "KL(P‖Q) + KL(Q‖P)"),
)
# total variation ½∫|p − q| has f = ½|u − 1|: no second derivative, matched by its kink


def get_divergence(name: str) -> Divergence:
    """The catalogue entry called ``name``."""
    for entry in CATALOGUE:
        if entry.name == name:
            return entry
    raise InvalidArgument.for_value("name", name, f"unknown; known: {[d.name for d in CATALOGUE]}")


@dataclass(frozen=True)
class Match:
    """``f_obj'' = scale·f_cat''`` for the catalogue divergence ``name`` (label for display)."""

    name: str
    label: str
    scale: sp.Expr
    f: sp.Expr
    """The catalogue's normalised ``f`` (parameter substituted)."""


def _values(expr: sp.Expr) -> list[complex]:
    values = []
    for u in _SAMPLES:
        try:
            values.append(complex(expr.evalf(20, subs={U: u})))
        except (TypeError, ValueError, ZeroDivisionError):
            return []
    return values


@functools.lru_cache(maxsize=64)
def _second_values(f: sp.Expr) -> tuple[complex, ...]:
    """``f''`` at the sample points by central differences at 40 digits (error ~1e-20): a cheap
    filter; a match is then confirmed with the exact ``f''``."""
    step = sp.Rational(1, 10**10)
    values = []
    for u in _SAMPLES:
        left, mid, right = (f.evalf(40, subs={U: u + k * step}) for k in (-1, 0, 1))
        try:
            values.append(complex(((left - 2 * mid + right) / step**2).evalf(20)))
        except (TypeError, ValueError, ZeroDivisionError):
            return ()
    return tuple(values)


def _constant_ratio(second: sp.Expr, f: sp.Expr, at: list[complex]) -> sp.Expr | None:
    """The positive constant ``second/f''`` if it is one (exactly), else None; ``at`` holds
    ``second``'s values at the sample points (a cheap test first)."""
    ref = _second_values(f)
    if not at or not ref or any(r == 0 for r in ref):
        return None
    numeric = [v / r for v, r in zip(at, ref, strict=True)]
    if any(abs(v - numeric[0]) > 1e-9 * max(1.0, abs(numeric[0]))
           for v in numeric) or abs(numeric[0].imag) > 1e-12:
        return None
    # logs split first (u > 0 and every log argument here is positive): a cheaper derivative
    exact = sp.diff(sp.expand(sp.expand_log(f, force=True)), U, 2)
    ratio = sp.factor(sp.cancel(second / exact))
    if ratio.has(U):
        ratio = sp.simplify(ratio)
    if ratio.has(U) or not ratio.is_positive:
        return None
    return ratio


def _families(second: sp.Expr) -> list[tuple[str, str, sp.Expr]]:
    """Candidates from the parametric families, the parameter recovered from ``second``."""
    found = []
    # α-divergence: f = (u^α − α u − (1 − α))/(α(α − 1)), f'' = u^(α − 2)
    try:
        estimate = sp.N(2 + sp.log(second.subs(U, 2) / second.subs(U, 1)) / sp.log(2), 30)
        alpha = sp.nsimplify(estimate, rational=True, tolerance=1e-20)
        if alpha not in (0, 1):
            f = (U**alpha - alpha * U - (1 - alpha)) / (alpha * (alpha - 1))
            found.append((f"alpha-divergence (alpha={alpha})", f"D_α={alpha}(P‖Q)", f))
    except (TypeError, ValueError, ZeroDivisionError):
        pass
    # weighted JS: π KL(P‖M) + (1 − π) KL(Q‖M), M = πP + (1 − π)Q; 1/(u f'') ∝ πu + 1 − π
    try:
        g1, g2, g3 = (float(1 / (k * second.subs(U, k))) for k in (1, 2, 3))
    except (TypeError, ValueError, ZeroDivisionError):
        g1 = g2 = g3 = float("nan")
    if abs(g3 - 2 * g2 + g1) <= 1e-12 * (abs(g1) + abs(g3)) and g1 != 0:
        pi_ = sp.nsimplify((g2 - g1) / g1, rational=True, tolerance=1e-12)
        if pi_.is_positive and (1 - pi_).is_positive and pi_ != sp.Rational(1, 2):
            m = pi_ * U + 1 - pi_
            f = _tangent_free(pi_ * U * sp.log(U / m) + (1 - pi_) * sp.log(1 / m))
            found.append((f"weighted Jensen-Shannon (pi={pi_})", f"JS_π={pi_}(P‖Q)", f))
    # Arimoto: f = α/(α − 1)·[(1 + u^α)^(1/α) − 2^(1/α − 1)(1 + u)], α > 0, α ≠ 1
    for k in map(sp.Rational, ("2", "3", "4", "5", "10", "1/2", "3/2", "5/2", "1/3", "2/3",
                               "4/3", "3/4")):
        f = k / (k - 1) * ((1 + U**k) ** (1 / k) - 2 ** (1 / k - 1) * (1 + U))
        found.append((f"Arimoto (alpha={k})", f"Arimoto_α={k}(P‖Q)", f))
    return found


def match_divergence(second: sp.Expr) -> Match | None:
    """The catalogue divergence whose ``f''`` is proportional to ``second`` (a function of
    :data:`U`), with the positive factor; None when there is none.

    >>> m = match_divergence(sp.Integer(1) / (U + 1) ** 3)
    >>> m.name, m.scale
    ('triangular', 1/8)
    >>> match_divergence(sp.exp(U)) is None
    True
    """
    if not isinstance(second, sp.Expr) or second.free_symbols - {U} or (not second.has(U) and (
            second == 0)):
        return None
    at = _values(second)
    for entry in CATALOGUE:
        scale = _constant_ratio(second, entry.f, at)
        if scale is not None:
            return Match(entry.name, entry.label, scale, entry.f)
    for name, label, f in _families(second):
        scale = _constant_ratio(second, f, at)
        if scale is not None:
            return Match(name, label, scale, f)
    return None
