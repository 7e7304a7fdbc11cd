"""``python -m bazhanov_cli``: the same entry point as the ``bazhanov`` command."""

from bazhanov_cli.cli import main

main()
