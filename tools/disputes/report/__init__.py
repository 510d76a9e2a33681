"""The monitoring report as data, and its text, JSON and CSV rendering."""
