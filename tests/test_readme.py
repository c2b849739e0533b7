"""The README's Python examples run as written (they are the first code a visitor copies)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples():
    assert len(python_blocks()) >= 3


def test_readme_python_examples_run():
    namespace: dict[str, object] = {}
    for block in python_blocks():  # later blocks use names from earlier ones, as a reader would
        exec(compile(block, str(README), "exec"), namespace)  # our own README, not user text
    result = namespace["result"]
    assert result.ok  # type: ignore[attr-defined]
