"""The one writer: creating records, round-trip edits, sign-off commits, atomic writes."""
