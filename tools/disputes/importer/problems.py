"""What the import could not map: one line each, with the place, column, value and reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Unmapped:
    """One value (or one whole row or form) that makes no record, and why."""

    file: str
    place: str  # "row 12", "sheet Log, row 12" or "paragraph 7"
    column: str  # the column heading or the form's box ('' for the whole row or form)
    value: str
    reason: str

    def line(self) -> str:
        """The problem as the import prints it."""
        where = f"{self.file}, {self.place}" if self.place else self.file
        column = f", {self.column}" if self.column else ""
        value = f" '{self.value}'" if self.value else ""
        return f"{where}{column}:{value} {self.reason}"


def grouped(lines: list[tuple[str, str, str]]) -> list[str]:
    """(file, place, what) lines said once per file and what, with every place listed."""
    places: dict[tuple[str, str], list[str]] = {}
    for file, place, what in lines:
        places.setdefault((file, what), []).append(place)
    return [
        f"{file}: {what}"
        + (f" (rows {', '.join(p.removeprefix('row ') for p in found)})" if any(found) else "")
        for (file, what), found in places.items()
    ]

    def as_dict(self) -> dict[str, str]:
        """The problem as JSON shows it."""
        return {
            "file": self.file,
            "place": self.place,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }
