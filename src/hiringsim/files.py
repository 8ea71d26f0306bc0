"""Reading input files, once for every kind: regular files of a sane size, UTF-8, TOML.

Every input kind (scenario, sweep, solve, observed data) is read through here, so each gets the
same checks and the same error shape: an :class:`~hiringsim.errors.InputError` subclass naming
the file and what is wrong with it.  Directories, FIFOs, devices, symlink loops, empty names,
files larger than :data:`MAX_BYTES` and text that is not UTF-8 are refused before reading.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["MAX_BYTES", "read_text", "read_toml"]

#: the largest input file read (observed-data CSVs included)
MAX_BYTES = 64 * 1024 * 1024


def _refuse(error: type[InputError], path: str, message: str) -> InputError:
    return error([("(file)", message)], path)


def read_text(path: str | os.PathLike[str], *, error: type[InputError] = InputError,
              encoding: str = "utf-8", max_bytes: int = MAX_BYTES,
              context: str = "") -> str:
    """The text of a regular file, or ``error`` naming the file and the problem.

    ``context`` is added to every problem (e.g. " (extended by a.toml)").
    """
    name = os.fspath(path)
    if name.strip() in ("", "."):
        raise _refuse(error, repr(name), f"expected a file path, got an empty name{context}")
    p = Path(name)
    try:
        st = p.stat()  # follows symlinks; a loop raises OSError (ELOOP)
    except FileNotFoundError:
        raise _refuse(error, name, f"no such file{context}") from None
    except (OSError, ValueError) as exc:  # ELOOP, ENAMETOOLONG, a NUL in the name...
        reason = getattr(exc, "strerror", None) or exc
        raise _refuse(error, name, f"cannot be read: {reason}{context}") from None
    if stat.S_ISDIR(st.st_mode):
        raise _refuse(error, name, f"is a directory; expected a file{context}")
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(error, name, "is not a regular file (a FIFO, socket or device); "
                                   f"expected a file{context}")
    if st.st_size > max_bytes:
        raise _refuse(error, name, f"is {st.st_size:,} bytes; input files may be at most "
                                   f"{max_bytes:,} bytes{context}")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _refuse(error, name, f"cannot be read: {exc.strerror or exc}{context}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _refuse(error, name, f"is not UTF-8 text (byte {exc.start}, line {line}); "
                                   f"save it as UTF-8{context}") from None


def read_toml(path: str | os.PathLike[str], *, error: type[InputError] = InputError,
              context: str = "") -> dict[str, Any]:
    """The table of a TOML file, or ``error`` naming the file and the problem."""
    text = read_text(path, error=error, context=context)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error([("(syntax)", f"not valid TOML: {exc}{context}")], os.fspath(path)) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise error([("(syntax)", f"not valid TOML: {exc}{context}")], os.fspath(path)) from None
    except RecursionError:
        raise error([("(syntax)", f"arrays or tables nested too deeply to read{context}")],
                    os.fspath(path)) from None
