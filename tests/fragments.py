"""Tiny scenarios written as TOML fragments, for exact and theory tests."""

from __future__ import annotations

import textwrap

from hiringsim.scenario import load_scenario


def scenario(tmp_path, body: str, *, end: str = "2020-06-30", name: str = "t"):
    """A scenario starting 2020-01-01 whose target role is 'a', from a TOML fragment."""
    text = textwrap.dedent(f"""\
        name = "{name}"
        start = 2020-01-01
        end = {end}

        [target]
        role = "a"
        growth = 1
        deadline = {end}
        """) + textwrap.dedent(body)
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)
