"""``python -m symbolic_gan``: the same as the ``symbolic-gan`` command."""

from symbolic_gan.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
