"""disputes: a register of professional disagreements in multi-agency safeguarding."""

__version__ = "0.3.1"  # the one place: pyproject.toml reads it, and `disputes --version`
