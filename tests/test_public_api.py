"""The public surface: every exported name resolves, and importing the package stays cheap."""

from __future__ import annotations

import subprocess
import sys

import symbolic_gan


def test_every_name_in_all_resolves():
    for name in symbolic_gan.__all__:
        assert getattr(symbolic_gan, name) is not None, name


def test_all_lists_exactly_the_lazy_exports():
    assert set(symbolic_gan.__all__) == {*symbolic_gan._EXPORTS, "__version__"}


def test_all_has_no_duplicates_and_no_private_names():
    assert len(symbolic_gan.__all__) == len(set(symbolic_gan.__all__))
    assert not [n for n in symbolic_gan.__all__ if n.startswith("_") and n != "__version__"]


def test_unknown_attribute_is_an_attribute_error():
    try:
        symbolic_gan.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_loads_neither_sympy_nor_numpy():
    code = (
        "import sys, symbolic_gan, symbolic_gan.errors;"
        "print(sorted(m for m in ('sympy', 'numpy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_check_stays_the_function_after_its_module_is_imported():
    code = (
        "import symbolic_gan as sg, symbolic_gan.checker;"
        "sg.prove('gan-global-optimum', numeric=False);"
        "print(callable(sg.check), callable(sg.prove), callable(sg.check_numeric))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True True True"


def test_prove_names_its_bad_arguments():
    import pytest

    for kwargs, name in (({"pairs": -1}, "pairs=-1"), ({"pairs": True}, "pairs=True"),
                         ({"seed": "x"}, "seed='x'"), ({"theorem": 3}, "theorem=3"),
                         ({"theorem": "gan"}, "theorem='gan'")):
        with pytest.raises(symbolic_gan.InvalidArgument, match=name):
            symbolic_gan.prove(**kwargs, numeric=False)
