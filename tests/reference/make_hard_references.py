"""50-digit references for hard pairs, independent of the package; writes hard_pairs.json.

Run from the repository root: ``python tests/reference/make_hard_references.py`` (a few
minutes; not run by the tests, which only read the JSON).

Nothing here comes from :mod:`symbolic_gan`: the log-densities are written out again in
mpmath, the breakpoints are chosen here (each density's centre ± multiples of its own
width, support ends), and each integral is mpmath tanh-sinh at 60 working digits over those
pieces, recorded at 50 digits.  Pairs: Betas with parameters from tens to thousands (smooth
and concentrated, against each other and against singular ones), Student-t with ``df`` in
(2, 2.1] (and 30) against Normals, and location-scale pairs at scales 1e-150 to 1e150.
Every KL with a closed form (Normal/Normal, Beta/Beta) is checked against it to 25 digits
before anything is written; KL(Student-t‖Normal) is its closed form (-H(t) - E_t[log q]).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import mpmath as mp

OUT = Path(__file__).with_name("hard_pairs.json")
DPS = 50


# ---- log-densities (own code) ------------------------------------------------------------


def log_normal(mu, s):
    mu, s = mp.mpf(mu), mp.mpf(s)
    c = -mp.log(s) - mp.log(2 * mp.pi) / 2
    return lambda x: c - ((x - mu) / s) ** 2 / 2


def log_beta(a, b):
    a, b = mp.mpf(a), mp.mpf(b)
    c = mp.loggamma(a + b) - mp.loggamma(a) - mp.loggamma(b)

    def f(x):
        if not 0 < x < 1:
            return mp.ninf
        return c + (a - 1) * mp.log(x) + (b - 1) * mp.log1p(-x)

    return f


def log_student(df, loc, s):
    nu, loc, s = mp.mpf(df), mp.mpf(loc), mp.mpf(s)
    c = mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2 - mp.log(s)
    return lambda x: c - (nu + 1) / 2 * mp.log1p(((x - loc) / s) ** 2 / nu)


def density(spec):
    """(log-density, support, breakpoints) of a spec ``[family, params...]``."""
    fam, *par = spec
    if fam == "normal":
        mu, s = (mp.mpf(v) for v in par)
        ks = [-40, -20, -10, -6, -3, -1, 0, 1, 3, 6, 10, 20, 40]
        return log_normal(*par), (mp.ninf, mp.inf), [mu + k * s for k in ks]
    if fam == "beta":
        a, b = (mp.mpf(v) for v in par)
        m = a / (a + b)
        sd = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        pts = [m + k * sd for k in (-30, -15, -8, -4, -2, -1, 0, 1, 2, 4, 8, 15, 30)]
        return log_beta(*par), (mp.mpf(0), mp.mpf(1)), [v for v in pts if 0 < v < 1]
    if fam == "student_t":
        _, loc, s = (mp.mpf(v) for v in par)
        ks = [-1e6, -1e3, -100, -30, -10, -3, -1, 0, 1, 3, 10, 30, 100, 1e3, 1e6]
        return log_student(*par), (mp.ninf, mp.inf), [loc + k * s for k in ks]
    raise ValueError(fam)


# ---- integrals ----------------------------------------------------------------------------


def pieces(p, q):
    (_, sp, bp), (_, sq, bq) = p, q
    lo, hi = min(sp[0], sq[0]), max(sp[1], sq[1])
    pts = sorted(set(bp) | set(bq) | {v for v in (lo, hi) if mp.isfinite(v)})
    pts = [v for v in pts if lo <= v <= hi]
    if not mp.isfinite(lo):
        pts = [lo, *pts]
    if not mp.isfinite(hi):
        pts = [*pts, hi]
    return pts


#: An infinite piece from a is integrated over t with x = a ± w·e^t (w = |a|, or 1), up to
#: t = 320: beyond x = w·e^320 (> 1e139·w) the densities here carry mass below 1e-270
#: (power tails |x|^-(df+1), df > 2), and every integrand below is bounded by the
#: densities times a power of log x there.  KL(t‖Normal), whose integrand decays only like
#: |x|^(1-df), takes its closed form instead (see ``kl_closed``).
T_POINTS = [mp.ninf, -40, -10, -3, 0, 3, 10, 20, 40, 80, 160, 320]


def integrate(f, p, q):
    pts = pieces(p, q)
    total, err = mp.mpf(0), mp.mpf(0)
    for a, b in itertools.pairwise(pts):
        if mp.isfinite(a) and mp.isfinite(b):
            parts = [(f, [a, b])]
        else:
            end, side = (a, 1) if mp.isfinite(a) else (b, -1)
            w = abs(end) if end != 0 else mp.mpf(1)

            def g(t, end=end, side=side, w=w):
                s = w * mp.exp(t)
                return f(end + side * s) * s

            parts = [(g, [t0, t1]) for t0, t1 in itertools.pairwise(T_POINTS)]
        for fn, lim in parts:
            v, e = mp.quad(fn, lim, error=True, maxdegree=8)
            total += v
            err += e
    return total, err


def lae(a, b):
    if a == mp.ninf:
        return b
    if b == mp.ninf:
        return a
    m = max(a, b)
    return m + mp.log(mp.exp(a - m) + mp.exp(b - m))


def xlogy(lx, t):
    return mp.mpf(0) if lx == mp.ninf else mp.exp(lx) * t


def quantities(ps, qs):
    p, q = density(ps), density(qs)
    lp, lq = p[0], q[0]

    def jsd(x):
        a, b = lp(x), lq(x)
        m = lae(a, b) - mp.log(2)
        return (xlogy(a, a - m) + xlogy(b, b - m)) / 2

    def kl(x):
        a = lp(x)
        return xlogy(a, a - lq(x))

    def klr(x):
        b = lq(x)
        return xlogy(b, b - lp(x))

    out = {}
    for name, f in (("jsd", jsd), ("kl_pq", kl), ("kl_qp", klr)):
        if name == "kl_pq" and ps[0] == "student_t" and qs[0] == "normal":
            out[name] = (kl_closed(ps, qs), mp.mpf(0))  # the integrand decays too slowly
            continue
        v, e = integrate(f, p, q)
        out[name] = (v, e)
    return out


# ---- closed forms -------------------------------------------------------------------------


def kl_closed(ps, qs):
    if ps[0] == qs[0] == "normal":
        (m1, s1), (m2, s2) = map(lambda s: [mp.mpf(v) for v in s[1:]], (ps, qs))
        return mp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - mp.mpf(1) / 2
    if ps[0] == qs[0] == "beta":
        (a1, b1), (a2, b2) = map(lambda s: [mp.mpf(v) for v in s[1:]], (ps, qs))

        def lb(a, b):
            return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)

        return (
            lb(a2, b2)
            - lb(a1, b1)
            + (a1 - a2) * mp.digamma(a1)
            + (b1 - b2) * mp.digamma(b1)
            + (a2 - a1 + b2 - b1) * mp.digamma(a1 + b1)
        )
    if ps[0] == "student_t" and qs[0] == "normal":
        nu, loc, s = (mp.mpf(v) for v in ps[1:])
        mu, sig = (mp.mpf(v) for v in qs[1:])
        if nu <= 2:
            return None
        # -H(t) - E_t[log q], with the entropy of t:
        # H(t) = (nu+1)/2 (psi((nu+1)/2) - psi(nu/2)) + log(sqrt(nu) B(nu/2, 1/2) s)
        h = (nu + 1) / 2 * (mp.digamma((nu + 1) / 2) - mp.digamma(nu / 2)) + mp.log(
            mp.sqrt(nu) * mp.beta(nu / 2, mp.mpf(1) / 2) * s
        )
        second = s**2 * nu / (nu - 2) + (loc - mu) ** 2
        return -h + mp.log(sig) + mp.log(2 * mp.pi) / 2 + second / (2 * sig**2)
    return None


PAIRS = [
    # Betas, tens to thousands, smooth and concentrated
    (["beta", 60, 80], ["beta", 55, 90]),
    (["beta", 100, 100], ["beta", 0.5, 0.5]),
    (["beta", 10, 20], ["beta", 12, 18]),
    (["beta", 30, 40], ["beta", 40, 30]),
    (["beta", 200, 300], ["beta", 250, 250]),
    (["beta", 150, 150], ["beta", 100, 200]),
    (["beta", 500, 500], ["beta", 1, 1]),
    (["beta", 400, 600], ["beta", 2, 3]),
    (["beta", 1000, 1000], ["beta", 1000, 1100]),
    (["beta", 1200, 800], ["beta", 900, 1100]),
    (["beta", 3000, 2000], ["beta", 2500, 2500]),
    (["beta", 2000, 3000], ["beta", 30, 40]),
    (["beta", 5000, 5000], ["beta", 4900, 5100]),
    (["beta", 40, 60], ["beta", 0.5, 2]),
    (["beta", 300, 100], ["beta", 0.7, 0.9]),
    # Student-t, df in (2, 2.1] and 30, against Normals and each other
    (["student_t", 30, 0, 1], ["normal", 0, 1]),
    (["student_t", 2.1, 0, 1], ["normal", 0, 1]),
    (["student_t", 2.05, 0, 1], ["normal", 0, 2]),
    (["student_t", 2.01, 0, 1], ["normal", 0, 1]),
    (["student_t", 2.001, 1, 3], ["normal", 0, 3]),
    (["student_t", 2.08, 0, 1], ["student_t", 2.02, 0, 1]),
    (["student_t", 2.1, 0, 2], ["student_t", 30, 1, 1]),
    # scales from 1e-150 to 1e150
    (["normal", 0, 1e-150], ["normal", 1e-150, 2e-150]),
    (["normal", 1e-150, 3e-150], ["normal", 0, 1e-150]),
    (["normal", 0, 1e150], ["normal", 1e150, 1.5e150]),
    (["normal", -2e150, 1e150], ["normal", 1e150, 3e150]),
    (["normal", 0, 1e-100], ["normal", 0, 1e-99]),
    (["normal", 5e120, 1e120], ["normal", 5e120, 2e120]),
    (["student_t", 3, 0, 1e-150], ["normal", 0, 1e-150]),
    (["student_t", 2.05, 1e150, 1e150], ["normal", 0, 2e150]),
    (["student_t", 5, 0, 1e150], ["student_t", 2.1, 1e150, 1e150]),
    (["normal", 0, 1e-150], ["normal", 0, 1e150]),
]


def main() -> None:
    rows = []
    with mp.workdps(DPS):
        for ps, qs in PAIRS:
            vals = quantities(ps, qs)
            closed = kl_closed(ps, qs)
            if closed is not None and not (ps[0] == "student_t" and qs[0] == "normal"):
                v, _ = vals["kl_pq"]
                tol = mp.mpf(10) ** -25 * max(1, abs(closed))
                assert abs(v - closed) <= tol, (ps, qs, v, closed)
            row = {"p": ps, "q": qs}
            for name, (v, e) in vals.items():
                assert e <= mp.mpf(10) ** -25 * max(1, abs(v)), (ps, qs, name, v, e)
                row[name] = mp.nstr(v, 50)
            rows.append(row)
            print(ps, qs, {k: mp.nstr(v, 17) for k, (v, _) in vals.items()}, flush=True)
    OUT.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
