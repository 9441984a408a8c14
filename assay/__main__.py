"""`python -m assay` runs the command line, as the `assay` script does."""

from assay.cli import cli

cli()
