"""``python -m pmlint`` is the ``pmlint`` command."""

from pmlint.cli import main

main()
