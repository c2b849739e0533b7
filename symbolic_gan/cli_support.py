"""Command-line plumbing shared by every subcommand: output files, Ctrl-C, progress, limits.

Standard library only, so that ``symbolic-gan --help`` and usage errors return at once.

- :class:`OutputFile` reserves a report file *before* a run (an unwritable path is a usage
  error found at once), refuses to overwrite an existing file unless forced, refuses to follow
  a symbolic link, and creates the file only when the run completes: an interrupted or failed
  run leaves no partial file behind.
- :func:`interrupted` is what every subcommand does on Ctrl-C: one line on stderr, exit 130.
- :class:`Progress` shows an activity bar on stderr, only when stderr is a terminal.
- :func:`bounded_int` builds an ``argparse`` type for integers in a documented range.

>>> parse = bounded_int(0, 10)
>>> parse("7")
7
>>> parse("11")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: must be an integer from 0 to 10, got '11'
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROG",
    "OutputFile",
    "Progress",
    "UsageError",
    "add_output_arguments",
    "bounded_int",
    "emit",
    "interrupted",
    "open_output",
]

PROG = "symbolic-gan"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: 128 + SIGINT, what shells report for a command stopped by Ctrl-C.
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """A user error found after parsing: printed as ``symbolic-gan: error: …``, exit 2."""


def emit(text: str, stream: TextIO) -> None:
    """Write ``text`` and flush, replacing characters the stream's encoding cannot show."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()


def interrupted(stream: TextIO | None = None) -> int:
    """Report a Ctrl-C in one line on ``stream`` (default stderr) and return exit status 130.

    >>> import io
    >>> err = io.StringIO()
    >>> interrupted(err), err.getvalue()
    (130, 'symbolic-gan: interrupted\\n')
    """
    emit(f"{PROG}: interrupted\n", sys.stderr if stream is None else stream)
    return EXIT_INTERRUPTED


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An ``argparse`` type accepting the integers ``low``…``high`` written in ASCII digits.

    The message quotes what was typed.

    >>> bounded_int(1, 5)("٣")  # an Arabic-Indic three is not an ASCII digit
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be an integer from 1 to 5, got '٣'
    """

    def parse(text: str) -> int:
        digits = text[1:] if text[:1] in "+-" else text
        ok = digits.isascii() and digits.isdigit() and len(digits) <= 30
        if not ok or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(
                f"must be an integer from {low} to {high}, got {text!r}")
        return int(text)

    return parse


class OutputFile:
    """A file that appears at ``path`` only when :meth:`commit` is called.

    :meth:`reserve` checks ``path`` and creates a hidden temporary file next to it at once, so
    that a path that cannot be written is reported before any work is done; :meth:`commit`
    renames it into place (atomically, on the same file system); :meth:`discard`, or leaving a
    ``with`` block without committing (Ctrl-C, an error), removes it.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with OutputFile.reserve(str(folder / "report.txt")) as out:
    ...     out.commit("proved\\n")
    >>> (folder / "report.txt").read_text()
    'proved\\n'
    >>> try:
    ...     OutputFile.reserve(str(folder / "report.txt"))
    ... except UsageError as exc:
    ...     print(str(exc).split(": ", 1)[1])
    exists; add --force to overwrite it
    """

    def __init__(self, path: str, temp: str, option: str, force: bool = False) -> None:
        self.path, self._temp, self._option, self._force = path, temp, option, force
        self._done = False

    @classmethod
    def reserve(cls, path: str, *, force: bool = False, option: str = "--output") -> OutputFile:
        """Check ``path`` and reserve a temporary file beside it; raise :class:`UsageError`
        (naming ``option`` and quoting ``path``) if it cannot become the output."""

        def refuse(reason: str) -> UsageError:
            return UsageError(f"{option} {path!r}: {reason}")

        if path == "":
            raise refuse("empty file name")
        if os.path.islink(path):
            raise refuse("is a symbolic link; refusing to follow it")
        if os.path.isdir(path):
            raise refuse("is a directory")
        if os.path.lexists(path) and not force:
            raise refuse("exists; add --force to overwrite it")
        folder = os.path.dirname(os.path.abspath(path))
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".part",
                                        dir=folder)
        except OSError as exc:
            raise refuse(f"cannot write: {exc.strerror or exc}") from None
        os.close(fd)
        return cls(path, temp, option, force)

    def commit(self, text: str) -> None:
        """Write ``text`` (UTF-8) and move it to the final path."""
        try:
            with open(self._temp, "w", encoding="utf-8") as handle:
                handle.write(text)
            if os.path.islink(self.path):
                raise OSError(0, "became a symbolic link during the run")
            if os.path.lexists(self.path) and not self._force:
                raise OSError(0, "was created during the run; add --force to overwrite it")
            os.replace(self._temp, self.path)
        except OSError as exc:
            self.discard()
            raise UsageError(f"{self._option} {self.path!r}: cannot write: "
                             f"{exc.strerror or exc}") from None
        self._done = True

    def discard(self) -> None:
        """Remove the temporary file; the final path is left as it was."""
        self._done = True
        try:
            os.unlink(self._temp)
        except FileNotFoundError:
            pass

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self._done:
            self.discard()


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--output/-o FILE`` and ``--force`` to a subcommand's parser."""
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the result to FILE instead of standard output; FILE is "
                             "created only when the run completes, never through a symbolic "
                             "link, and an existing FILE is kept unless --force is given")
    parser.add_argument("--force", action="store_true",
                        help="allow --output to replace an existing file")


def open_output(args: argparse.Namespace) -> OutputFile | None:
    """The reserved ``--output`` of parsed ``args`` (None for standard output)."""
    if args.output is None:
        return None
    return OutputFile.reserve(args.output, force=args.force)


class Progress:
    """An activity bar with the elapsed time on ``stream``, redrawn ten times a second while a
    ``with`` block runs; nothing at all unless ``stream`` is a terminal.

    The line is erased when the block ends, normally or by an exception (Ctrl-C included).

    >>> import io
    >>> err = io.StringIO()
    >>> with Progress("checking", err) as bar:
    ...     bar.phase("still checking")
    >>> err.getvalue()
    ''
    """

    WIDTH = 20

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self._label = label
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start = time.monotonic()
        self._lock = threading.Lock()

    def phase(self, label: str) -> None:
        """Change the text shown before the bar."""
        self._label = label

    def _columns(self) -> int:
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = 0
        return columns if columns > 0 else 80  # a new pseudo-terminal reports 0

    def _line(self, tick: int) -> str:
        """One frame: label, a bouncing bar and the elapsed time, cut to the terminal's width
        (a line that wrapped could not be redrawn in place)."""
        span = 2 * (self.WIDTH - 3)
        at = tick % span
        at = at if at <= self.WIDTH - 3 else span - at
        bar = " " * at + "===" + " " * (self.WIDTH - 3 - at)
        tail = f" [{bar}] {time.monotonic() - self._start:.1f} s"
        room = max(self._columns() - 1 - len(tail), 0)
        head = f"{PROG}: {self._label}"
        head = head if len(head) <= room else head[:max(room - 1, 0)] + "…"
        return f"\r{head}{tail}\x1b[K"

    def _run(self) -> None:
        tick = 0
        while not self._stop.wait(0.1 if tick else 0.0):
            with self._lock:
                emit(self._line(tick), self.stream)
            tick += 1

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(1.0)
        with self._lock:
            emit("\r\x1b[K", self.stream)
