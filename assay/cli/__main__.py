"""`python -m assay.cli` runs the command line."""

from assay.cli import cli

cli()
