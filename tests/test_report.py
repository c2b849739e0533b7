"""Reports: every format shows every step, verdicts are never overstated, JSON follows its schema,
and the LaTeX document is well formed."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from symbolic_gan.api import prove
from symbolic_gan.checker import check
from symbolic_gan.derivation import Equation
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.report import (
    FORMATS,
    claim_latex,
    expr_text,
    latex_fragment,
    latex_text,
    render,
    summary_line,
    tidy_text,
    to_dict,
    to_json,
    to_latex,
    to_markdown,
    to_text,
)
from symbolic_gan.theorems import get_theorem, list_theorems
from symbolic_gan.verdict import (
    CheckedDerivation,
    NumericStatus,
    NumericVerdict,
    Status,
    SymbolicVerdict,
)

THEOREMS = [t.name for t in list_theorems()]


@pytest.fixture(scope="module")
def proved() -> dict[str, CheckedDerivation]:
    return {name: prove(name, numeric=False) for name in THEOREMS}


@pytest.fixture(scope="module")
def refuted() -> CheckedDerivation:
    """The GAN proof with the normalisation step claiming log 2 instead of log 4."""
    d = get_theorem("gan-global-optimum").derive()
    lhs = d.step("normalisation").claim.lhs
    return check(d.replace_step("normalisation", claim=Equation(lhs, sp.log(2))))


def with_verdict(checked: CheckedDerivation, name: str, **changes: object) -> CheckedDerivation:
    """A copy of ``checked`` whose step ``name`` has its verdicts replaced."""
    steps = tuple(dataclasses.replace(s, **changes) if s.step.name == name else s
                  for s in checked.steps)
    return dataclasses.replace(checked, steps=steps)


@pytest.fixture(scope="module")
def unknown(proved: dict[str, CheckedDerivation]) -> CheckedDerivation:
    verdict = SymbolicVerdict(Status.UNKNOWN, "zero test", residual="log(4) - 2*log(2)",
                              seconds=0.5)
    return with_verdict(proved["gan-global-optimum"], "lower bound", symbolic=verdict)


def plain_markdown(md: str) -> str:
    return md.replace("\\", "")


# ------------------------------------------------------------------ every format, every step


@pytest.mark.parametrize("theorem", THEOREMS)
def test_every_format_names_every_step(proved, theorem):
    checked = proved[theorem]
    names = [s.step.name for s in checked.steps]
    text, md, tex = to_text(checked), plain_markdown(to_markdown(checked)), to_latex(checked)
    data = json.loads(to_json(checked))
    for name in names:
        assert name in text
        assert name in md
        assert latex_text(name) in tex
    assert [s["name"] for s in data["steps"]] == names
    assert data["theorem"] == theorem


def test_text_report_pretty_prints_and_summarises(proved):
    text = to_text(proved["gan-global-optimum"])
    assert "⌠" in text  # SymPy's pretty integral sign
    assert "2⋅JSD(p‖q) - log(4) ≥ -log(4)" in text
    assert "with equality iff p = q" in text
    assert text.count("[✓ PROVED]") == 12
    assert re.search(r"^Summary: 12/12 steps proved — PROVED \(\d+\.\d\d s\)$", text, re.M)


def test_markdown_has_a_verdict_table_and_display_math(proved):
    md = to_markdown(proved["gan-global-optimum"])
    assert "| # | step | symbolic | method | numeric | seconds |" in md
    assert md.count("\n$$\n") == 2 * 12
    assert r"\operatorname{JSD}\left(p \,\|\, q\right)" in md
    assert md.rstrip().endswith("**Summary:** 12/12 steps proved — PROVED")


# ------------------------------------------------------------------ failures are shown as such


def test_refuted_step_makes_every_format_say_not_proved(refuted):
    assert not refuted.ok
    expected = "11/12 steps proved — NOT PROVED: 1 refuted (normalisation), 0 unknown"
    assert summary_line(refuted) == expected
    assert "9. normalisation  [✗ REFUTED]" in to_text(refuted)
    assert "residual: log(2)" in to_text(refuted)
    assert "| 9 | normalisation | ✗ refuted |" in to_markdown(refuted)
    assert r"\textbf{normalisation} --- \textsc{REFUTED}" in to_latex(refuted)
    data = to_dict(refuted)
    assert data["ok"] is False
    assert data["summary"] == {"proved": 11, "refuted": 1, "unknown": 0, "steps": 12,
                               "numeric_failed": 0}
    step = next(s for s in data["steps"] if s["name"] == "normalisation")
    assert step["symbolic"]["status"] == "refuted"
    assert step["claim"]["latex"].endswith(r"= \log{\left(2 \right)}")


def test_unknown_is_never_rendered_as_proved(unknown):
    assert not unknown.ok
    expected = "11/12 steps proved — NOT PROVED: 0 refuted, 1 unknown (lower bound)"
    assert summary_line(unknown) == expected
    text = to_text(unknown)
    block = text.split("11. lower bound", 1)[1].split("\n12. ", 1)[0]
    assert block.startswith("  [? UNKNOWN]")
    assert "✓" not in block and "PROVED" not in block
    assert "residual: log(4) - 2·log(2)" in block
    row = next(r for r in to_markdown(unknown).splitlines() if r.startswith("| 11 |"))
    assert "✓" not in row and "proved" not in row and "? unknown" in row
    tex = to_latex(unknown)
    item = tex.split(r"\item \textbf{lower bound}", 1)[1].split(r"\item \textbf{", 1)[0]
    assert r"\checkmark" not in item and r"\textsc{UNKNOWN}" in item
    frag = latex_fragment(unknown)
    line = next(r for r in frag.splitlines() if "lower bound" in r)
    assert r"\checkmark" not in line and r"\textbf{UNKNOWN}" in line
    assert to_dict(unknown)["summary"]["unknown"] == 1
    assert to_dict(unknown)["ok"] is False


def test_numeric_failure_alone_makes_the_theorem_not_proved(proved):
    failed = NumericVerdict(NumericStatus.FAILED, 0.25, 1e-13, 9, "C ≥ −log 4 violated")
    checked = with_verdict(proved["gan-global-optimum"], "lower bound", numeric=failed)
    assert not checked.ok
    assert summary_line(checked).endswith(", 1 failed numerically (lower bound)")
    assert "numeric: FAILED, max |error| 0.25 (tolerance 1e-13) over 9 pairs" in to_text(checked)


# ------------------------------------------------------------------ JSON schema


def test_json_schema_keys_and_types(proved):
    data = json.loads(to_json(proved["gan-global-optimum"]))
    assert {"theorem", "title", "statement", "reference", "ok", "seconds", "premises", "steps",
            "summary", "conclusion", "gaps"} <= set(data)
    assert data["gaps"] == [] and len(data["conclusion"]) == 4
    for item in data["conclusion"]:
        assert set(item) == {"claim", "follows", "method", "steps", "gaps"}
        assert item["follows"] is True and item["gaps"] == [] and item["steps"]
        assert set(item["claim"]) == {"kind", "text", "latex"}
    assert isinstance(data["ok"], bool) and isinstance(data["seconds"], float)
    for premise in data["premises"]:
        assert set(premise) == {"name", "statement", "kind", "latex"}
        assert all(isinstance(v, str) for v in premise.values())
    for step in data["steps"]:
        assert set(step) == {"name", "rule", "premises", "uses", "note", "claim", "symbolic",
                             "numeric"}
        assert all(isinstance(u, str) for u in step["uses"])
        assert isinstance(step["premises"], list) and all(isinstance(p, str)
                                                         for p in step["premises"])
        assert set(step["claim"]) == {"kind", "text", "latex"}
        assert step["claim"]["kind"] in {"equation", "inequality", "maximiser", "roots",
                                         "supremum"}
        sym = step["symbolic"]
        assert set(sym) == {"status", "method", "residual", "seconds", "counterexample",
                            "forced"}
        assert sym["status"] in {"proved", "refuted", "unknown"}
        assert isinstance(sym["seconds"], float) and isinstance(sym["forced"], list)
        num = step["numeric"]
        assert set(num) == {"status", "max_abs_error", "tolerance", "pairs", "detail", "cases"}
        assert num == {"status": "not-run", "max_abs_error": None, "tolerance": None,
                       "pairs": 0, "detail": "", "cases": []}
    assert data["summary"] == {"proved": 12, "refuted": 0, "unknown": 0, "steps": 12,
                               "numeric_failed": 0}


def test_json_never_contains_nan_or_infinity(proved):
    verdict = NumericVerdict(NumericStatus.INCONCLUSIVE, math.nan, math.inf, np.int64(3),
                             "quadrature did not converge",
                             ({"pair": "Cauchy vs Normal", "error": np.float64("nan"),
                               "value": np.float64(0.5), "nodes": np.arange(2)},))
    checked = with_verdict(proved["mle-minimises-kl"], "decomposition", numeric=verdict)
    text = to_json(checked)  # allow_nan=False would raise on NaN
    assert "NaN" not in text and "Infinity" not in text
    num = json.loads(text)["steps"][1]["numeric"]
    assert num["status"] == "inconclusive" and num["pairs"] == 3
    assert num["max_abs_error"] is None and num["tolerance"] is None
    assert num["cases"] == [{"pair": "Cauchy vs Normal", "error": None, "value": 0.5,
                             "nodes": [0, 1]}]
    assert "numeric: INCONCLUSIVE, max |error| n/a (tolerance n/a) over 3 pairs" in (
        to_text(checked))


# ------------------------------------------------------------------ LaTeX


def environments_balanced(tex: str) -> bool:
    stack: list[str] = []
    for kind, env in re.findall(r"\\(begin|end)\{([^}]+)\}", tex):
        if kind == "begin":
            stack.append(env)
        elif not stack or stack.pop() != env:
            return False
    return not stack


def braces_balanced(tex: str) -> bool:
    depth = 0
    for match in re.finditer(r"(?<!\\)[{}]", tex.replace("\\\\", "")):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("theorem", THEOREMS)
def test_latex_document_structure(proved, theorem):
    tex = to_latex(proved[theorem])
    assert tex.startswith("\\documentclass{article}\n")
    assert "\\usepackage{amsmath}" in tex and "\\usepackage{amssymb}" in tex
    assert tex.count("\\begin{document}") == 1
    assert tex.rstrip().endswith("\\end{document}")
    assert environments_balanced(tex) and braces_balanced(tex)
    assert tex.isascii(), sorted({c for c in tex if not c.isascii()})


def test_latex_uses_paper_notation(proved):
    tex = to_latex(proved["gan-global-optimum"])
    assert r"\operatorname{JSD}\left(p_{\mathrm{data}} \,\|\, p_g\right)" in tex
    assert r"D^* = \frac{p_{\mathrm{data}}}{p_{\mathrm{data}} + p_g}" in tex
    assert r"\begin{multline*}" in tex  # long equations are broken
    mle = to_latex(proved["mle-minimises-kl"])
    assert r"\operatorname{KL}\left(p_{\mathrm{data}} \,\|\, p_\theta\right) \geq 0" in mle


def test_latex_text_escapes_specials_and_unicode():
    out = latex_text("50% of p_data & #1 {x} $y ~z^2\\ — ‖·‖ ≥ ½ θ → ∫ Ω ε é")
    assert out.isascii()
    for escaped in (r"50\%", r"p\_data", r"\&", r"\#1", r"\{x\}", r"\$y", r"\textasciitilde{}",
                    r"\textasciicircum{}", r"\textbackslash{}", "---", r"\ensuremath{\|}",
                    r"\ensuremath{\cdot}", r"\ensuremath{\geq}", r"\ensuremath{\tfrac{1}{2}}",
                    r"\ensuremath{\theta}", r"\ensuremath{\to}", r"\ensuremath{\int}",
                    r"\ensuremath{\Omega}", r"\ensuremath{\varepsilon}", "[U+00E9]"):
        assert escaped in out, escaped
    assert braces_balanced(out)


def test_latex_fragment_for_jupyter(proved):
    checked = proved["gan-global-optimum"]
    frag = latex_fragment(checked)
    assert frag.startswith("$$\\begin{aligned}") and frag.endswith("\\end{aligned}$$")
    assert environments_balanced(frag) and braces_balanced(frag) and frag.isascii()
    assert frag.count(r"\checkmark") == 12
    assert "p_{\\mathrm{data}}" in frag


def test_claim_latex_plain_and_paper():
    p, q = sp.Symbol("p", positive=True), sp.Symbol("q", positive=True)
    claim = Equation(sp.log(p / q), sp.log(p) - sp.log(q))
    assert claim_latex(claim) == (r"\log{\left(\frac{p}{q} \right)} = \log{\left(p \right)} "
                                  r"- \log{\left(q \right)}")
    assert r"\frac{p_{\mathrm{data}}}{p_g}" in claim_latex(claim, paper=True)


# ------------------------------------------------------------------ render


def test_render_dispatches_and_validates(proved):
    checked = proved["lsgan-optimal-discriminator"]
    assert set(FORMATS) == {"text", "markdown", "latex", "json"}
    assert render(checked, "json") == to_json(checked) + "\n"
    assert render(checked, "text") == to_text(checked)
    with pytest.raises(InvalidArgument, match="fmt='html'"):
        render(checked, "html")


def test_text_report_does_not_load_or_leave_a_units_stand_in(proved):
    """The pretty printer's import of sympy.physics.units is spared, with identical output."""
    before = sys.modules.get("sympy.physics.units")
    text = to_text(proved["gan-global-optimum"])
    assert sys.modules.get("sympy.physics.units") is before
    import sympy.physics.units as units

    assert units.Quantity.__module__ == "sympy.physics.units.quantities"
    assert to_text(proved["gan-global-optimum"]).split("Summary")[0] == text.split("Summary")[0]
    assert sp.pretty(3 * units.meter) == "3⋅meter"


def test_steps_and_derivations_display_themselves_in_jupyter():
    from symbolic_gan.theorems import get_theorem

    derivation = get_theorem("gan-global-optimum").derive()
    step = derivation.step("second-order condition")
    latex = step._repr_latex_()
    assert latex.startswith("$$") and latex.endswith("$$") and "< 0" in latex
    markdown = derivation._repr_markdown_()
    assert all(s.name in markdown for s in derivation.steps)
    assert "unchecked" in markdown  # never mistaken for a checked, proved derivation


# ------------------------------------------------------------------ readable for people

#: SymPy's Python syntax, which a person reading a report should never see.
LEAKS = {
    "Eq(": r"\bEq\(", "Ne(": r"\bNe\(", "Limit(": r"\bLimit\(", "dir=": r"\bdir=",
    "**": r"\*\*", "sqrt(": r"\bsqrt\(", "Subs(": r"\bSubs\(",
    "Derivative(": r"\bDerivative\(", "Interval": r"\bInterval\b",
    # a*b, (a)*b, (a)*(b), and a*(b + c); not the starred function y*(p(x), q(x))
    "a*b": r"\w\*\w|\)\*[\w(]|\w\*\((?=[^,()]*[-+][^,()]*\))",
}
SSTR_VERDICT = SymbolicVerdict(
    Status.UNKNOWN, "g'' = 1/(u*(u + 1)) > 0; equality iff Eq(p, q); sqrt(p)**2 on "
    "Interval.open(0, 1)", residual="Limit(p*log(p), p, 0, dir='+') - Subs(Derivative(y**2, "
    "y), y, 1)", counterexample={"p": "sqrt(2)", "q": "2*p"}, forced=("log(p*q): p*q > 0",))


def leaks(text: str) -> dict[str, list[str]]:
    found = {name: re.findall(rf".{{0,15}}(?:{rx}).{{0,15}}", text)
             for name, rx in LEAKS.items()}
    return {name: hits for name, hits in found.items() if hits}


def unescaped_markdown(md: str) -> str:
    """The text a Markdown reader sees: bold markers dropped, escapes undone."""
    return re.sub(r"\\([\\`*_\[\]|<>#])", r"\1", re.sub(r"(?<!\\)\*\*", "", md))


@pytest.mark.parametrize("theorem", THEOREMS)
def test_no_python_syntax_in_reports_a_person_reads(proved, theorem):
    """Claims, notes, statements and the checker's strings are all written as mathematics."""
    checked = proved[theorem]
    step = checked.steps[-1].step.name
    with_sstr = with_verdict(checked, step, symbolic=SSTR_VERDICT, numeric=NumericVerdict(
        NumericStatus.FAILED, 0.5, 1e-13, 8, "at y = sqrt(2): 2*x**2 != x"))
    for shown in (checked, with_sstr):
        for fmt, text in (("text", to_text(shown)), ("text", str(shown)),
                          ("markdown", unescaped_markdown(to_markdown(shown))),
                          ("latex", to_latex(shown)), ("latex", latex_fragment(shown))):
            assert leaks(text) == {}, (fmt, leaks(text))
    text = to_text(with_sstr)
    for readable in ("1/(u·(u + 1)) > 0", "equality iff p = q", "√(p)² on (0, 1)",
                     "lim_{p→0⁺} (p·log(p))", "(∂/∂y (y²))|_{y=1}", "p = √(2), q = 2·p",
                     "at y = √(2): 2·x² != x"):
        assert readable in text, readable


def test_the_leak_scan_sees_python_syntax():
    """The scan above is not vacuous: SymPy's own str of each form is caught."""
    p, q, u, y = sp.symbols("p q u y", positive=True)
    forms = {"Eq(": sp.Eq(p, q), "Limit(": sp.Limit(p * sp.log(p), p, 0, "+"),
             "**": y**2, "a*b": 1 / (u * (u + 1)), "sqrt(": sp.sqrt(p + q),
             "Subs(": sp.Subs(p / (p + q), q, p), "Derivative(": sp.Derivative(p * y**2, y),
             "Interval": sp.Interval.open(0, 1)}
    for name, expr in forms.items():
        assert name in leaks(sp.sstr(expr)), name
        assert leaks(expr_text(expr)) == {}, (name, expr_text(expr))
    assert leaks("x -> y*(p(x), q(x)) is measurable; D* = p/(p + q); V(D*, G)") == {}


@pytest.mark.parametrize(("expr", "shown"), [
    (sp.Eq(sp.Symbol("p"), sp.Symbol("q")), "p = q"),
    (1 / (sp.Symbol("u") * (sp.Symbol("u") + 1)), "1/(u·(u + 1))"),
    (sp.Symbol("x") ** 2 + sp.Symbol("x") ** -3, "x² + 1/x³"),
    (sp.Limit(sp.Symbol("p") * sp.log(sp.Symbol("p")), sp.Symbol("p"), 0, "+"),
     "lim_{p→0⁺} p·log(p)"),
    (sp.sqrt(sp.Symbol("p") + 1), "√(p + 1)"),
    (sp.Symbol("x") ** sp.Rational(1, 3), "x^(1/3)"),
    (sp.Integral(sp.Symbol("p") + sp.Symbol("q"), sp.Symbol("x")), "∫ (p + q) dx"),
    (sp.Ge(sp.Symbol("a"), -sp.log(4)), "a ≥ -log(4)"),
    (sp.Interval(0, sp.oo, left_open=True), "(0, ∞)"),
    (sp.Symbol("y*") * sp.Symbol("p"), "p·y*"),
])
def test_expr_text_writes_mathematics(expr, shown):
    assert expr_text(expr) == shown


def test_str_of_a_checked_derivation_is_its_text_report(proved, unknown):
    for checked in (proved["lsgan-optimal-discriminator"], unknown):
        text = str(checked)
        assert text == to_text(checked) == checked.text()
        assert text.startswith(checked.derivation.title + "\n")
        assert "CheckedDerivation(" not in text and "SymbolicVerdict(" not in text
        assert text.rstrip().splitlines()[-1].startswith(f"Summary: {summary_line(checked)}")


ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False, cwd=ROOT,
                          env={**os.environ, **env})


def test_data_modules_do_not_import_the_reports():
    """Proof data and verdicts print themselves; presentation imports them, never the reverse."""
    result = run_python("""
        import sys
        import symbolic_gan.derivation, symbolic_gan.verdict
        from symbolic_gan.api import prove
        checked = prove("gan-global-optimum", numeric=False)
        shown = str(checked) + checked.steps[0].step._repr_latex_()
        shown += checked.derivation._repr_markdown_()
        print(sorted(m for m in sys.modules if m.startswith("symbolic_gan.report")))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_jupyter_displays_a_checked_derivation_as_its_report(tmp_path):
    """In IPython a result shows as its Markdown report; the reports load only when shown."""
    result = run_python("""
        import sys
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        import symbolic_gan as sg
        checked = sg.prove("mle-minimises-kl", numeric=False)
        assert "symbolic_gan.report" not in sys.modules
        data, _ = shell.display_formatter.format(checked)
        from symbolic_gan.report import latex_fragment, to_markdown
        assert data["text/markdown"] == to_markdown(checked), data.get("text/markdown")
        assert data["text/latex"] == latex_fragment(checked)
        assert data["text/plain"] == str(checked), data["text/plain"]
        print("ok")
    """, IPYTHONDIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"


@pytest.mark.parametrize(("text", "shown"), [
    ("equality iff Eq(f(p, q), (p + q)/2)", "equality iff f(p, q) = (p + q)/2"),
    ("Ne(p, q) and p**(-1)", "p ≠ q and p⁻¹"),
    ("Derivative(p*y, y)", "∂/∂y (p·y)"),
    ("Interval.Ropen(0, 1) and Interval(0, 1)", "[0, 1) and [0, 1]"),
    ("sqrt(Eq(p, q)", "sqrt(p = q"),  # unbalanced: the call is left as written
])
def test_tidy_text_rewrites_sympy_syntax(text, shown):
    assert tidy_text(text) == shown


@pytest.mark.parametrize("prose", [
    "the pointwise maximiser x -> y*(p(x), q(x)) is measurable",
    "D* = p/(p + q) and V(D*, G) = C(G)", "expand_log(force=True) on log(2)", "5 * 3 = 15",
    "IntervalTree(3) is not a SymPy call", "myEq(p, q)",
])
def test_tidy_text_leaves_prose_alone(prose):
    assert tidy_text(prose) == prose


def test_json_names_the_gap_when_a_needed_step_is_missing(proved):
    import dataclasses

    from symbolic_gan.checker import check as check_again

    d = proved["gan-global-optimum"].derivation
    shorter = dataclasses.replace(d, steps=tuple(s for s in d.steps if s.name != "normalisation"))
    data = json.loads(to_json(check_again(shorter)))
    assert data["ok"] is False
    assert data["gaps"] == ["step 'divergence form' uses 'normalisation', which is not in the "
                            "derivation"]
