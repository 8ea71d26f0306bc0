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


#: a one-role scenario with one queue of 4 investigators, for goal seeking (a 100-day toy whose
#: target needs about 4 servers)
TOY_TOML = """
name = "toy"
start = 2020-01-01
end = 2020-04-12

[target]
role = "officer"
growth = 270
deadline = 2020-04-09
measure = "on_duty"

[resources.bi]
servers = 4

[roles.officer]
initial = 100
onboarding = 0
attrition = { annual_rate = 0.0 }
recruiting = [{ from = 2020-01-01, per_week = 140 }]

[[roles.officer.stages]]
name = "bi"
resource = "bi"
pass_rate = 1.0
duration = { dist = "exponential", mean = 2.0 }
"""
