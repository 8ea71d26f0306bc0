"""One shape for input errors: every problem found, each as (field, message), and the source."""

from __future__ import annotations

__all__ = ["InputError"]

MAX_LINES = 50


class InputError(ValueError):
    """Invalid input.  ``problems`` lists ``(dotted field, message)``; ``source`` is the file.

    Subclasses name what was invalid in ``what`` ("scenario", "sweep", ...).  The message has
    one line per problem, each prefixed with the source, so a planner sees every fix at once.
    """

    what = "input"

    def __init__(self, problems: list[tuple[str, str]], source: str | None = None):
        self.problems = list(problems)
        self.source = source
        where = f"{source}: " if source else ""
        lines = [f"{where}{p}: {m}" for p, m in self.problems[:MAX_LINES]]
        if len(self.problems) > MAX_LINES:
            lines.append(f"... and {len(self.problems) - MAX_LINES} more")
        head = ([f"invalid {self.what} ({len(self.problems)} problems)"]
                if len(self.problems) > 1 else [])
        super().__init__("\n".join(head + lines))
