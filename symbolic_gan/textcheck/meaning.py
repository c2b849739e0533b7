"""The meaning of a resolved row: SymPy expressions over p, q, y built through constructors only.

Names get their roles from :mod:`symbolic_gan.textcheck.notation`: the data density becomes
``p``, the model density ``q``, ``D(x)`` the pointwise value ``y``, ``D^*`` the expression
``p/(p+q)``, ``\\mathbb{E}_{x∼p}[f]`` the functional ``Expectation(p, f)``, ``∫ f dx`` an
unevaluated integral. ``\\max_D`` and ``∂/∂D`` stay unevaluated (:class:`Optimise`,
:class:`DerivativeOf`) until a relation is checked. A name a row introduces (``V(D, G) = …``)
is a definition and is remembered for the rows below.

>>> from symbolic_gan.latex import read_row
>>> env = Env()
>>> first = read_row(r"\\frac{p_{data}}{p_{data} + p_g}").chains[0][0]
>>> env.expr(first)
p/(p + q)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp

from symbolic_gan.functionals import JSD, KL, Entropy, Expectation, integral_terms
from symbolic_gan.latex import nodes as n
from symbolic_gan.objective import GAN, P, Q, X, Y
from symbolic_gan.textcheck.domains import natural_domain
from symbolic_gan.textcheck.notation import canonical, role_of

__all__ = [
    "MAX_BITS",
    "MAX_EXPONENT",
    "BeyondLimit",
    "DerivativeOf",
    "Env",
    "IllTyped",
    "Optimise",
    "Untranslatable",
]

#: Largest integer exponent built; larger ones make the line ``unparsed``.
MAX_EXPONENT = 64
#: Largest integer (in bits) that a power of numbers may build.
MAX_BITS = 4096
_D = sp.Symbol("D")
_G = sp.Symbol("G")


class Untranslatable(Exception):
    """A row the meaning layer cannot express; the message says why."""


class IllTyped(Untranslatable):
    """A row that is read but does not make sense (a divergence against a non-density)."""


class BeyondLimit(Untranslatable):
    """A row that would build a number or power beyond the reader's limits."""


class Optimise(sp.Function):
    """``kind_{var} body`` (max, min, sup, inf over D or G), kept unevaluated."""

    nargs = 3

    @classmethod
    def eval(cls, *args: sp.Basic) -> None:
        return None

    def _sympystr(self, printer: object) -> str:
        kind, var, body = self.args
        return f"{kind}_{var} [{printer._print(body)}]"  # type: ignore[attr-defined]

    def _latex(self, printer: object) -> str:
        kind, var, body = self.args
        return rf"\{kind}_{{{var}}} \left[{printer._print(body)}\right]"  # type: ignore[attr-defined]


class DerivativeOf(sp.Function):
    """``∂/∂D body`` for the discriminator D, kept unevaluated."""

    nargs = 1

    @classmethod
    def eval(cls, *args: sp.Basic) -> None:
        return None

    def _sympystr(self, printer: object) -> str:
        return f"d/dD [{printer._print(self.args[0])}]"  # type: ignore[attr-defined]

    def _latex(self, printer: object) -> str:
        return rf"\frac{{\partial}}{{\partial D}} \left[{printer._print(self.args[0])}\right]"  # type: ignore[attr-defined]


@dataclass
class Env:
    """What the rows so far have defined, and the user's notation."""

    notation: Mapping[str, str] = field(default_factory=dict)
    definitions: dict[str, tuple[tuple[str, ...], sp.Expr]] = field(default_factory=dict)
    definition_premises: dict[str, frozenset[str]] = field(default_factory=dict)
    spelling: dict[str, str] = field(default_factory=dict)
    """How each defined name was written: C and c, T and t are different names."""
    opaque: set[str] = field(default_factory=set)
    """Names a row defined with a right-hand side that was not understood: their meaning is
    unknown, so a later ``name = …`` is a claim about them (never a new definition) and every
    expression using them is not understood."""
    used: set[str] = field(default_factory=set)
    """Premises the last translated expression relied on (push-forward, ...)."""
    fresh: set[str] = field(default_factory=set)
    """Names read as free real symbols (no row defined them) since the row began."""
    condition: sp.Expr | None = None
    """``f`` when this row states the condition ``f(D) = 0`` (a first-order condition)."""
    previous_condition: sp.Expr | None = None
    """The condition of the row above, if it stated one."""
    discriminators: set[str] = field(default_factory=set)
    """How the row wrote the discriminator's value (D, y)."""
    parameters: set[str] = field(default_factory=set)
    """Free names of the definitions above (``a``, ``b`` of an LSGAN objective): a letter that
    multiplies, not an undefined function (a refutation still may not choose their values)."""
    latent: bool = False
    sample: str | None = None
    """The index ``i`` of the samples ``x_i`` inside an average ``(1/N) Σ_i``."""
    optimum: tuple[sp.Expr, sp.Expr] | None = None
    """``(φ, y*)``: a row proved that ``y*`` is the optimal discriminator of the objective φ."""
    divisors: list[sp.Expr] = field(default_factory=list)
    """Every divisor the last translated expression was read with, as written."""
    keep_domain: bool = False
    """The document declared ``domain`` itself: D ∈ (0, 1) whatever the objective."""
    minimises: bool = False
    """The whole document has the discriminator minimise (``\\min_D`` and never ``\\max_D``)."""
    losses: list[sp.Expr] = field(default_factory=list)
    """Objectives introduced as losses (``\\min_D V(D) = …``)."""
    lost_objective: bool = False
    """A row that seems to define a function of D could not be read: the default objective
    (the minimax GAN's) is then not the document's."""
    row_domain: sp.Interval | None = None
    """The row's own domain of D when the document defines no objective (see :meth:`domain`)."""

    def objectives(self) -> list[sp.Expr]:
        """The pointwise integrands φ(y) of the functions of D defined so far, most recent first
        (``V(D, G) = ∫ φ(D(x)) dx``)."""
        found = []
        for key, (params, body) in reversed(list(self.definitions.items())):
            # V(G, D) = …, V = … or L_D = …; not the generator's loss, L_G(G) = … or L_G = …
            generator = ("D" not in params) if params else key.endswith("_g")
            if body.has(Y) and not generator:
                split = integral_terms(body)
                if split is not None and split[0] == 0:
                    found.append(split[1])
        return found

    def domain(self) -> sp.Interval | None:
        """The values D takes: the objective's natural domain, or the row's own when the
        document defines no objective and the row sets one (``p(D − 1) + q(D + 1)`` alone has
        no reason to keep D in (0, 1))."""
        if self.row_domain is not None:
            return self.row_domain
        return natural_domain(self.objective())

    def objective(self) -> sp.Expr:
        """The objective under discussion: the most recently defined one (default: the minimax
        GAN's)."""
        return next(iter(self.objectives()), GAN.integrand())

    def is_loss(self, phi: sp.Expr) -> bool:
        """Whether the discriminator minimises the objective φ rather than maximising it: φ was
        introduced as a loss, or the document minimises over D and introduces no loss by name."""
        if self.losses:
            return any(phi == loss for loss in self.losses)
        return self.minimises

    def optimal_discriminator(self) -> sp.Expr:
        """What ``D*`` stands for: the optimum a row proved for the document's objective, or
        ``p/(p + q)`` for the minimax GAN's; otherwise it is not known."""
        if self.lost_objective:
            raise Untranslatable("D* of an objective that was not read")
        phi = self.objective()
        if self.optimum is not None and self.optimum[0] == phi:
            return self.optimum[1]
        if sp.expand(phi - GAN.integrand()) == 0 and not self.is_loss(phi):
            return P / (P + Q)
        raise Untranslatable("D* of this objective is not established above (state D* = … "
                             "as a row of its own first)")

    def role(self, node: n.Node) -> str | None:
        if isinstance(node, n.Name) and self.sample is not None and node.base == "x" and \
                node.sub is not None and n.node_key(node.sub) == self.sample:
            return "variable"  # a sample x_i is a point x drawn from p_data
        if isinstance(node, n.Name):
            return role_of(node.key(), self.notation)
        if isinstance(node, n.Call):  # D(x) is D's value; D(p + q) is the product D·(p + q)
            return None if self.product_call(node) else self.role(node.head)
        if isinstance(node, n.Group):
            return self.role(node.inner)
        return None

    def expr(self, node: n.Node) -> sp.Expr:
        """The SymPy expression of a resolved node; raises :class:`Untranslatable`."""
        method = getattr(self, "_" + type(node).__name__.lower(), None)
        if method is None:
            raise Untranslatable(f"{type(node).__name__} is not supported here")
        return method(node)

    # --- leaves -----------------------------------------------------------------------------
    def _num(self, node: n.Num) -> sp.Expr:
        if node.text == "?":
            raise Untranslatable("a list of arguments where one value is expected")
        return sp.Rational(node.text)

    def _const(self, node: n.Const) -> sp.Expr:
        return sp.oo if node.name == "infty" else sp.pi

    def _name(self, node: n.Name) -> sp.Expr:
        role = self.role(node)
        key = canonical(node.key())
        if role == "data":
            return P
        if role == "model":
            return Q
        if role == "discriminator":
            self.discriminators.add(node.base)
            if len(self.discriminators) > 1:  # y log D + (1 − y) log(1 − D): y is a label
                raise Untranslatable("both y and D in one row: y may be a label (binary "
                                     "cross-entropy), not D's value")
            return Y
        if role == "optimal-discriminator":
            return self.optimal_discriminator()
        if role == "mixture":
            return (P + Q) / 2
        if role == "variable":
            return X
        if role in ("latent-variable", "latent"):
            if self.latent and role == "latent-variable":
                return sp.Symbol("z", real=True)
            raise Untranslatable(f"{node.key()} outside an expectation over z")
        if role == "generator":
            return _G
        if key in self.opaque:
            raise Untranslatable(f"{node.key()} is defined by a row that was not understood")
        if key in self.definitions and self.spelling.get(key, node.key()) == node.key():
            self.used |= self.definition_premises.get(key, frozenset())
            return self.definitions[key][1]  # V for V(G, D) once a row defined it
        if node.base == "e" and node.sub is None:
            return sp.E
        if node.base.startswith("__"):
            raise Untranslatable("a subscript or star on an expression")
        if len(node.base) == 1 or node.sub is not None:
            self.fresh.add(key)
            return sp.Symbol(key, real=True)
        letters = [role_of(ch, self.notation) for ch in node.base]
        if len(node.base) <= 4 and all(letters):  # qD is q·D when every letter has a role
            return sp.Mul(*(self._name(n.Name(ch)) for ch in node.base))
        raise Untranslatable(f"unknown name {node.base!r}")

    # --- arithmetic -------------------------------------------------------------------------
    def _sum(self, node: n.Sum) -> sp.Expr:
        return sp.Add(*(sign * self.expr(t) for sign, t in node.terms))

    def _prod(self, node: n.Prod) -> sp.Expr:
        sums = [f for f in node.factors if isinstance(f, n.Optimum) and f.kind == "sum"]
        if len(sums) == 1 and sums[0].upper is not None:
            return self._average(sums[0], [f for f in node.factors if f is not sums[0]])
        return sp.Mul(*(self.expr(f) for f in node.factors))

    def _average(self, total: n.Optimum, others: list[n.Node]) -> sp.Expr:
        """``(1/N) Σ_{i=1}^N f(x_i)`` is ``E_{x∼p_data}[f(x)]`` for i.i.d. samples as N → ∞."""
        size = self.expr(total.upper)  # type: ignore[arg-type]
        index = total.var.var if isinstance(total.var, n.Sim) else total.var
        weight = sp.Mul(*map(self.expr, others))
        if not isinstance(index, n.Name) or sp.simplify(weight * size) != 1:
            raise Untranslatable("a sum over samples that is not an average (1/N)·Σ_{i=1}^N")
        self.sample = index.key()
        try:
            body = self.expr(total.body)
        finally:
            self.sample = None
        self.used.add("lln")
        return Expectation(P, body)

    def _inverse(self, node: n.Inverse) -> sp.Expr:
        divisor = self.expr(node.arg)
        self.divisors.append(divisor)  # before SymPy cancels it: (p − q)/(p − q) becomes 1
        return 1 / divisor

    def _neg(self, node: n.Neg) -> sp.Expr:
        return -self.expr(node.arg)

    def _group(self, node: n.Group) -> sp.Expr:
        return self.expr(node.inner)

    def _pow(self, node: n.Pow) -> sp.Expr:
        if isinstance(node.base, n.Expect) and node.base.paren:
            raise Untranslatable("E(…)^k may be E[(…)^k] (as in E(X − μ)²) or (E[…])^k: "
                                 "write the brackets where they belong")
        call = node.base  # p (D - 1)^2 and \frac12 (A)^2 are p·(D − 1)² and ½·A²
        if isinstance(call, n.Call) and len(call.args) == 1 and (
                self.product_call(call) or
                (not isinstance(call.head, n.Name) and self._at_x(call) is None)):
            return self.expr(call.head) * self._pow(n.Pow(call.args[0], node.exp))
        base, exp = self.expr(node.base), self.expr(node.exp)
        if exp.is_number and (not exp.is_real or abs(exp) > MAX_EXPONENT):
            raise BeyondLimit(f"exponent beyond the limit {MAX_EXPONENT}")
        if base.is_Rational and exp.is_Integer:
            bits = max(base.p.bit_length(), base.q.bit_length()) * abs(int(exp))
            if bits > MAX_BITS:
                raise BeyondLimit(f"a number beyond {MAX_BITS} bits")
        return sp.Pow(base, exp)

    def _func(self, node: n.Func) -> sp.Expr:
        arg = self.expr(node.arg)
        if node.name in ("log", "ln"):
            return sp.log(arg)
        if node.name == "exp":
            if arg.is_number and abs(arg) > 1000:
                raise BeyondLimit("exponential beyond the limit")
            return sp.exp(arg)
        if node.name == "abs":
            return sp.Abs(arg)
        return sp.sqrt(arg)

    # --- functions, expectations, divergences ---------------------------------------------------
    def entropy_call(self, node: n.Node) -> sp.Expr | None:
        """``H(p)`` (entropy, ``−∫ p log p``) or ``H(p, q)`` (cross-entropy, ``−∫ p log q``) of
        the densities; None for any other node. Never a name a row may define."""
        if not (isinstance(node, n.Call) and isinstance(node.head, n.Name)
                and node.head.base == "H" and node.head.sub is None and not node.head.star
                and 1 <= len(node.args) <= 2
                and all(self.role(a) in ("data", "model", "mixture") for a in node.args)):
            return None
        densities = [self.expr(a) for a in node.args]
        if len(densities) == 1:
            return Entropy(densities[0])
        return -Expectation(densities[0], sp.log(densities[1]))

    def product_call(self, node: n.Node) -> bool:
        """Whether ``f(a)`` is a product ``f·(a)``: a density or D applied to something other
        than a point (``p (D - 1)``), or a letter that no row defined."""
        if not isinstance(node, n.Call) or len(node.args) != 1 or \
                self.entropy_call(node) is not None:
            return False
        role, arg = self.role(node.head), node.args[0]
        if role in ("data", "model", "mixture", "discriminator", "optimal-discriminator"):
            return self.role(arg) not in ("variable", "generator")
        # a letter no row defines is a function no row defined (C(G), f(p + q), p_fake(x)):
        # only a parameter of a definition (the a of an LSGAN objective) multiplies
        key = canonical(node.head.key()) if isinstance(node.head, n.Name) else ""
        return role is None and isinstance(node.head, n.Name) and not self.defines(key) and \
            len(node.head.base) == 1 and key in self.parameters and \
            self.role(arg) not in ("variable", "generator", "discriminator",
                                   "optimal-discriminator")

    def defines(self, key: str) -> bool:
        """Whether a row above defined ``key`` (understood or not)."""
        return key in self.definitions or key in self.opaque

    def _call(self, node: n.Call) -> sp.Expr:
        entropy = self.entropy_call(node)
        if entropy is not None:
            return entropy
        value = self._at_x(node)
        if value is not None:
            return value
        if self._at_another_point(node):
            raise Untranslatable(f"{node.head.key() if isinstance(node.head, n.Name) else 'a '}"
                                 "(…) at a point other than x")  # p(2x), D(x + 1)
        if self.product_call(node) or not isinstance(node.head, n.Name):
            if len(node.args) != 1:
                raise Untranslatable("a call of an expression")
            return self.expr(node.head) * self.expr(node.args[0])
        role = self.role(node.head)
        if role in ("data", "model", "mixture", "latent"):
            return self._name(node.head)  # p(x), p_g(x; θ): the value at the point
        if role in ("discriminator", "optimal-discriminator"):
            if self.role(node.args[0]) == "generator" and not self.latent:
                raise Untranslatable("D(G(z)) outside an expectation over z")
            return self._name(node.head)
        if role == "generator":
            raise Untranslatable("G(z) outside D(·)")
        key = canonical(node.head.key())
        if key in self.opaque:
            raise Untranslatable(f"{node.head.key()}(…) is defined by a row that was not "
                                 "understood")
        if key in self.definitions and self.spelling.get(key) in (None, node.head.key()):
            return self._apply(key, node.args)
        raise Untranslatable(f"{node.head.key()}(…) is not defined above")

    def _at_another_point(self, node: n.Call) -> bool:
        """Whether a density or D is applied to an expression in x (``p(2x)``, ``D(x + 1)``)."""
        if self.role(node.head) not in ("data", "model", "mixture", "discriminator",
                                        "optimal-discriminator") or len(node.args) != 1 or \
                self.role(node.args[0]) in ("variable", "generator", "latent-variable"):
            return False
        try:
            return X in self.expr(node.args[0]).free_symbols
        except Untranslatable:
            return False

    def _at_x(self, node: n.Call) -> sp.Expr | None:
        """``(p/(p + q))(x)``: the value at the point x of an expression in the densities or
        D (not one in x itself, nor a number: ``2(x)`` is 2x); None otherwise."""
        if isinstance(node.head, n.Name) or len(node.args) != 1 or \
                self.role(node.args[0]) != "variable":
            return None
        value = self.expr(node.head)
        return value if value.free_symbols & {P, Q, Y} and X not in value.free_symbols \
            else None

    def _apply(self, key: str, args: tuple[n.Node, ...]) -> sp.Expr:
        params, body = self.definitions[key]
        self.used |= self.definition_premises.get(key, frozenset())
        if len(params) != len(args):
            raise Untranslatable(f"{key} takes {len(params)} arguments")
        keys = [canonical(a.key()) if isinstance(a, n.Name) else None for a in args]
        roles = [role_of(param, self.notation) for param in params]
        if sorted(k for k in keys if k) == sorted(params) and \
                all(r in ("generator", "discriminator") for r in roles):
            return body  # the same names in another order, told apart by role: V(G, D)
        replace: dict[sp.Expr, sp.Expr] = {}
        for param, role, arg in zip(params, roles, args, strict=True):
            if role == "generator":
                if self.role(arg) != "generator":
                    raise Untranslatable(f"{key} applied to a generator that is not G")
                continue
            symbol = {"discriminator": Y, "data": P, "model": Q, "variable": X,
                      None: sp.Symbol(param, real=True)}.get(role)
            if symbol is None:
                raise Untranslatable(f"{key} applied to an argument in place of {param}")
            value = self.expr(arg)
            if role == "variable" and value != X:  # p and q stand for p(x), q(x): T(0) is not
                raise Untranslatable(f"{key} at a point other than x")  # the body at x = 0
            if value != symbol:  # f(3) is the body at u = 3, every parameter replaced at once
                replace[symbol] = value
        return body.xreplace(replace)

    def _density(self, node: n.Node) -> sp.Expr:
        value = self.expr(node)
        if value not in (P, Q, (P + Q) / 2) and sp.simplify(value / (P + Q)).is_number:
            raise IllTyped(f"{_plain(value)} is not a probability density: the mixture is "
                           "(p_data + p_g)/2, with the ½")
        if value not in (P, Q, (P + Q) / 2) and not self.latent:
            raise Untranslatable("an expectation or divergence of something that is not a density")
        return value

    def _expect(self, node: n.Expect) -> sp.Expr:
        sub = node.sub
        if sub is None:
            raise Untranslatable("an expectation without its distribution")
        dist = sub.dist if isinstance(sub, n.Sim) else sub
        if self.role(dist) == "latent":
            if self.latent:
                raise Untranslatable("nested expectations over z")
            self.latent = True
            try:
                body = self.expr(node.body)
            finally:
                self.latent = False
            if body.has(sp.Symbol("z", real=True)):
                raise Untranslatable("z outside G(z) in an expectation over z")
            self.used.add("push-forward")
            return Expectation(Q, body)
        if isinstance(sub, n.Sim) and self.role(sub.var) != "variable":
            raise Untranslatable("an expectation over a variable other than x or z")
        return Expectation(self._density(dist), self.expr(node.body))

    def _divergence(self, node: n.Divergence) -> sp.Expr:
        left, right = self._density(node.left), self._density(node.right)
        return KL(left, right) if node.kind == "KL" else JSD(left, right)

    # --- integrals and operators --------------------------------------------------------------
    def _integral(self, node: n.Integral) -> sp.Expr:
        if node.var != "x":
            raise Untranslatable(f"an integral over d{node.var}")
        if not _over_every_x(node):
            raise Untranslatable("an integral with limits")
        return sp.Integral(self.expr(node.body), X)

    def _optimum(self, node: n.Optimum) -> sp.Expr:
        if node.ambiguous:
            raise Untranslatable(f"\\{node.kind} applied to a function followed by more terms: "
                                 "its operand may end after the function or run to the end "
                                 "(bracket it)")
        if node.kind in ("sum",):
            raise Untranslatable("a sum over samples that is not an average (1/N)·Σ_{i=1}^N "
                                 "(an average needs i.i.d. samples and the law of large "
                                 "numbers)")
        if node.kind.startswith("arg"):
            raise Untranslatable(f"\\{node.kind} (a set of maximisers, not a value)")
        role = self.role(node.var) if node.var is not None else None
        if role not in ("discriminator", "generator"):
            raise Untranslatable(f"\\{node.kind} over something other than D or G")
        var = _D if role == "discriminator" else _G
        return Optimise(sp.Symbol(node.kind), var, self.expr(node.body))

    def _derivative(self, node: n.Derivative) -> sp.Expr:
        if node.ambiguous:
            raise Untranslatable("a derivative of a function followed by more terms: its operand "
                                 "may end after the function or run to the end (bracket it)")
        if self.role(node.var) != "discriminator":
            raise Untranslatable("a derivative with respect to something other than D")
        return DerivativeOf(self.expr(node.body))

    def _partial(self, node: n.Partial) -> sp.Expr:
        if self.role(node.var) != "discriminator":
            raise Untranslatable("a derivative with respect to something other than D")
        return DerivativeOf(self.expr(node.body))


def _plain(expr: sp.Expr) -> str:
    return sp.sstr(expr).replace("**", "^").replace("*", "·")


def discriminator_free(expr: sp.Expr) -> bool:
    """Whether ``expr`` no longer depends on the discriminator's value ``y``."""
    return Y not in expr.free_symbols and not expr.has(DerivativeOf)


def _over_every_x(node: n.Integral) -> bool:
    """Whether the integral runs over every x: no limits, ``\\int_x`` (the variable as the
    subscript, as in Goodfellow et al.) or ``\\int_{-\\infty}^{\\infty}``."""
    lower, upper = node.lower, node.upper
    if lower is None and upper is None:
        return True
    if upper is None:  # \int_x, or \int_{\mathcal{X}}: the whole sample space
        return lower in (n.Name(node.var), n.Name(node.var.upper()))
    infinity = n.Const("infty")
    return lower == n.Sum(((-1, infinity),)) and upper in (infinity, n.Sum(((1, infinity),)))
