"""Integral functionals of densities as unevaluated SymPy objects.

``KL(p, q)``, ``JSD(p, q)``, ``Entropy(p)`` and ``Mass(p)`` print in the notation of the papers and
stay unevaluated; :func:`expand_functionals` replaces each by its definition as an integral over
:data:`~symbolic_gan.objective.X` of a pointwise integrand in the density symbols. Integrals are
never ``.doit()``-ed: the checker reasons about them by linearity and normalisation only.

>>> from symbolic_gan.objective import P, Q
>>> expand_functionals(KL(P, Q))
Integral(p*log(p/q), x)
>>> print(JSD(P, Q))
JSD(p||q)
"""

from __future__ import annotations

import functools

import sympy as sp
from sympy.core.logic import fuzzy_and

from symbolic_gan.objective import X

__all__ = [
    "JSD",
    "KL",
    "Entropy",
    "Expectation",
    "Mass",
    "Midpoint",
    "expand_functionals",
    "has_integral",
    "integral",
    "integral_terms",
]


def integral(integrand: sp.Expr) -> sp.Integral:
    """The unevaluated integral ``∫ integrand dx``."""
    return sp.Integral(integrand, X)


class _Functional(sp.Function):
    """An unevaluated functional with a definition as an integral."""

    symbol: str = ""
    latex_name: str = ""

    @classmethod
    def eval(cls, *args: sp.Expr) -> None:
        return None  # never evaluate automatically

    def definition(self) -> sp.Expr:
        raise NotImplementedError

    def _args_text(self, printer: object, sep: str) -> str:
        return sep.join(printer._print(a) for a in self.args)  # type: ignore[attr-defined]

    def _sympystr(self, printer: object) -> str:
        return f"{self.symbol}({self._args_text(printer, '||')})"

    def _latex(self, printer: object) -> str:
        sep = r" \,\|\, "
        args = self._args_text(printer, sep)
        return rf"\operatorname{{{self.latex_name}}}\left({args}\right)"


class KL(_Functional):
    """Kullback–Leibler divergence ``KL(p‖q) = ∫ p log(p/q) dx``."""

    nargs = 2
    symbol = "KL"
    latex_name = "KL"

    def definition(self) -> sp.Expr:
        p, q = self.args
        return integral(p * sp.log(p / q))


class JSD(_Functional):
    """Jensen–Shannon divergence ``½KL(p‖m) + ½KL(q‖m)``, ``m = (p + q)/2`` (natural log)."""

    nargs = 2
    symbol = "JSD"
    latex_name = "JSD"

    def definition(self) -> sp.Expr:
        p, q = self.args
        m = (p + q) / 2
        return sp.Rational(1, 2) * KL(p, m).definition() + sp.Rational(1, 2) * KL(q, m).definition()


class Entropy(_Functional):
    """Differential entropy ``H(p) = −∫ p log p dx``."""

    nargs = 1
    symbol = "H"
    latex_name = "H"

    def definition(self) -> sp.Expr:
        (p,) = self.args
        return -integral(p * sp.log(p))


class Expectation(_Functional):
    """Expectation ``E_p[f] = ∫ p·f dx`` of a pointwise expression ``f`` under density ``p``."""

    nargs = 2
    symbol = "E"
    latex_name = "E"

    def _sympystr(self, printer: object) -> str:
        p, f = (printer._print(a) for a in self.args)  # type: ignore[attr-defined]
        return f"E_{p}[{f}]"

    def _latex(self, printer: object) -> str:
        p, f = (printer._print(a) for a in self.args)  # type: ignore[attr-defined]
        return rf"\mathbb{{E}}_{{{p}}}\left[{f}\right]"

    def definition(self) -> sp.Expr:
        p, f = self.args
        return integral(p * f)


class Midpoint(sp.Function):
    """The mixture density ``m = (p + q)/2``, printed as ``m``; expanded by the checker."""

    nargs = 2

    @classmethod
    def eval(cls, *args: sp.Expr) -> None:
        return None

    def _eval_is_positive(self) -> bool | None:
        return fuzzy_and(a.is_positive for a in self.args)

    def definition(self) -> sp.Expr:
        p, q = self.args
        return (p + q) / 2

    def _sympystr(self, printer: object) -> str:
        return "m"

    def _latex(self, printer: object) -> str:
        return "m"

    def _pretty(self, printer: object) -> object:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm("m")


class Mass(_Functional):
    """Total mass ``∫ p dx`` (1 for a normalised density)."""

    nargs = 1
    symbol = "Mass"
    latex_name = "Mass"

    def _latex(self, printer: object) -> str:
        return rf"\int {printer._print(self.args[0])} \, dx"  # type: ignore[attr-defined]

    def definition(self) -> sp.Expr:
        return integral(self.args[0])


def expand_functionals(expr: sp.Expr) -> sp.Expr:
    """Replace every functional in ``expr`` by its definition (integrals stay unevaluated)."""
    return expr.replace(
        lambda e: isinstance(e, _Functional | Midpoint), lambda e: e.definition()
    )


@functools.lru_cache(maxsize=1024)
def has_integral(expr: sp.Expr) -> bool:
    """Whether ``expr`` contains an integral or an integral functional (KL, JSD, ...)."""
    return expr.has(sp.Integral) or any(
        isinstance(a, _Functional) for a in sp.preorder_traversal(expr)
    )


def _linear_split(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``expr = c0 + ∫F dx`` by linearity of the integral (None if not of that form)."""
    if isinstance(expr, sp.Integral):
        if expr.limits != ((X,),):
            return None
        return sp.S.Zero, expr.function
    if not expr.has(sp.Integral):
        return expr, sp.S.Zero
    if isinstance(expr, sp.Add):
        constant, integrand = sp.S.Zero, sp.S.Zero
        for term in expr.args:
            split = _linear_split(term)
            if split is None:
                return None
            constant, integrand = constant + split[0], integrand + split[1]
        return constant, integrand
    if isinstance(expr, sp.Mul):
        inner = [f for f in expr.args if f.has(sp.Integral)]
        if len(inner) != 1:
            return None
        coefficient = sp.Mul(*(f for f in expr.args if not f.has(sp.Integral)))
        split = _linear_split(inner[0])
        if split is None or coefficient.free_symbols:  # only numbers move in and out of ∫
            return None
        return coefficient * split[0], coefficient * split[1]
    return None


def integral_terms(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """Split ``expr`` as ``c0 + ∫ F dx`` using linearity; None if it is not of that form.

    Coefficients of integrals must be numbers: a symbol outside an integral could be a function
    of the integration variable in disguise. Functionals are expanded first.

    >>> from symbolic_gan.objective import P, Q
    >>> integral_terms(2 * JSD(P, Q) - sp.log(4))
    (-log(4), p*log(p/(p/2 + q/2)) + q*log(q/(p/2 + q/2)))
    """
    split = _linear_split(expand_functionals(expr))
    if split is None:
        return None
    constant, integrand = split
    return constant, integrand
