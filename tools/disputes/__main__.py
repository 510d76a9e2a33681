"""Allow `python -m disputes`."""

from disputes.cli import main

main()
