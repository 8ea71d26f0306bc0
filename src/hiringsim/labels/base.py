"""A label: a human name and a unit from a small vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["UNITS", "Label"]

#: the units a label may carry
UNITS = ("days", "%", "$", "people", "seats", "date", "ratio", "number", "text")


@dataclass(frozen=True)
class Label:
    """A human name and a unit (one of :data:`UNITS`)."""

    text: str
    unit: str

    def titled(self) -> str:
        """The text with its unit, for an axis or a column header: 'hiring cost ($)'."""
        if (self.unit in ("text", "date", "number") or self.unit in self.text
                or self.text.startswith("P(")):
            return self.text
        return f"{self.text} ({self.unit})"
