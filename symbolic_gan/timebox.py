"""One nesting-aware time limit for every symbolic computation that could run long.

``with time_box(seconds) as box:`` raises :class:`TimeLimitReached` inside the block once
``seconds`` have passed. Boxes nest: one ``SIGALRM`` timer is armed for the earliest deadline of
all open boxes, and the exception names the box that expired, so an inner check never swallows
an outer limit and never cancels it. :class:`TimeLimitReached` derives from ``BaseException``, so
an ``except Exception`` around SymPy does not catch it by accident.

An alarm set before the outermost box (a test timeout, say) keeps its time and its handler.
Only the main thread on POSIX can be interrupted; elsewhere the block runs unbounded (the
checker's size guards still apply).

>>> import time
>>> try:
...     with time_box(0.05) as outer:
...         with time_box(10.0):
...             time.sleep(1)
... except TimeLimitReached as exc:
...     print(exc.box is outer)
True
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

__all__ = ["TimeLimitReached", "time_box"]


class TimeLimitReached(BaseException):
    """Raised inside a :func:`time_box` block past its limit; ``box`` says which one."""

    def __init__(self, box: object) -> None:
        super().__init__("time limit")
        self.box = box


_OPEN: list[tuple[object, float]] = []  # (box, deadline on time.monotonic()), innermost last
_FOREIGN = object()  # stands for an alarm someone else had set before the outermost box
_previous: Any = None


def _arm() -> None:
    earliest = min(deadline for _, deadline in _OPEN)
    signal.setitimer(signal.ITIMER_REAL, max(earliest - time.monotonic(), 1e-4))


def _in_gc_callback(frame: FrameType | None) -> bool:
    """Whether the interrupted code runs inside a garbage-collector callback, where an exception
    would be reported as "ignored" and lost instead of ending the block."""
    codes = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    while frame is not None:
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False


def _expire(signum: int, frame: FrameType | None) -> None:
    if _in_gc_callback(frame):  # raise a moment later, outside the callback
        signal.setitimer(signal.ITIMER_REAL, 1e-3)
        return
    entry = min(_OPEN, key=lambda item: item[1])
    box, deadline = entry
    if deadline - time.monotonic() > 1e-3:  # woken early: sleep again until the earliest
        _arm()
        return
    if box is _FOREIGN:  # the alarm set before us is due: its own handler runs, we go on
        _OPEN.remove(entry)
        if any(b is not _FOREIGN for b, _ in _OPEN):
            _arm()
        if callable(_previous):
            _previous(signum, frame)
        return
    raise TimeLimitReached(box)


@contextmanager
def time_box(seconds: float | None) -> Iterator[object]:
    """Interrupt the block after ``seconds`` (None: no limit); yields the box's identity."""
    box = object()
    if (seconds is None or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield box
        return
    global _previous
    if not _OPEN:
        _previous = signal.signal(signal.SIGALRM, _expire)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        if remaining > 0:  # keep someone else's earlier alarm: it still fires on time
            _OPEN.append((_FOREIGN, time.monotonic() + remaining))
    entry = (box, time.monotonic() + seconds)
    _OPEN.append(entry)
    _arm()
    try:
        yield box
    finally:
        _OPEN.remove(entry)
        if any(b is not _FOREIGN for b, _ in _OPEN):
            _arm()
        else:  # the outermost box closes: the handler, and any pending foreign alarm, come back
            foreign = [deadline for b, deadline in _OPEN if b is _FOREIGN]
            _OPEN.clear()
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, _previous)
            if foreign:
                signal.setitimer(signal.ITIMER_REAL, max(foreign[0] - time.monotonic(), 1e-4))
