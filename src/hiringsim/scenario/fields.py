"""How a scenario field is declared: its documentation and validation metadata in one place
(:func:`field_of`, read by :mod:`hiringsim.schema` to validate files and to write the JSON
Schema), and the upper bounds of the numeric fields."""

from __future__ import annotations

import dataclasses
from dataclasses import field
from typing import Any

__all__ = ["MAX_APPLICATIONS_PER_APPLICANT", "MAX_COST", "MAX_DAYS_FIELD", "MAX_ELASTICITY",
           "MAX_HEADCOUNT", "MAX_PER_WEEK", "MAX_POOL", "MAX_RATIO", "MAX_SEATS", "MAX_SERVERS",
           "MAX_YEARS", "field_of"]


def field_of(doc: str, **meta: Any) -> Any:
    """A dataclass field with its documentation and validation metadata (see hiringsim.schema)."""
    default = meta.pop("default", dataclasses.MISSING)
    hash_ = meta.pop("hash", None)
    return field(default=default, hash=hash_, metadata={"doc": doc, **meta})



# Upper bounds of the numeric fields.  They keep a run of one scenario within seconds and memory
# whatever a file says; each is far beyond any real plan (the reason is in each comment), and the
# JSON Schema states them as "maximum".  What a whole run needs is checked too (.size).

#: headcounts (staff, growth, authorized positions): the whole US federal civilian workforce is
#: about 3 million
MAX_HEADCOUNT = 10_000_000
#: servers of one resource: a million investigators is already absurd for one agency
MAX_SERVERS = 1_000_000
#: applications a week to one role: 52 million a year is a fifth of US adults
MAX_PER_WEEK = 1_000_000
#: seats per academy class
MAX_SEATS = 100_000
#: days between classes, class length: 10 years (the horizon is at most 40)
MAX_DAYS_FIELD = 3653
#: staff of a role per target-role position (ratio)
MAX_RATIO = 100.0
#: tenure bands: a working life
MAX_YEARS = 100.0
#: applications one applicant files: agencies report applications, and in the 2025 ICE surge a
#: person could file several; 20 is far beyond any reported multiple
MAX_APPLICATIONS_PER_APPLICANT = 20.0
#: eligible people in one role's or channel's labour pool: the US population
MAX_POOL = 400_000_000
#: a pay elasticity: published enlistment pay elasticities are about 0.5 to 1.5
MAX_ELASTICITY = 10.0
#: any single cost in USD (per server-year, candidate, trainee, hire, application; a salary):
#: far beyond any real one, and totals over millions of people stay finite
MAX_COST = 1e9
