"""disputes: a register of professional disagreements in multi-agency safeguarding."""

__version__ = "0.1.0"
