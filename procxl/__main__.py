"""`python -m procxl` runs the command line."""

from procxl.cli import main

main()
