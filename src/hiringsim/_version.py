"""The version of hiringsim (one place; results and saved files record it)."""

__version__ = "0.1.0"
