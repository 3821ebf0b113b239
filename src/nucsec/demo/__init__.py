"""Demo data of fictional states (ISO user-assigned codes), so nothing is said of a real country.

- Demoland (XD): new to nuclear, radioactive sources only; three yearly self-assessments, an
  IPPAS mission with its follow-up, competence and cooperation records.
- Borealia (XB): a mature programme with power reactors and Category I-III material, acting on
  the recommendations of an IPPAS mission (step S5 of the cycle).
"""

from nucsec.demo.demoland import (
    COMPETENCE,
    DEMO_PASSWORD,
    DEMO_USERS,
    DEMOLAND,
    EVIDENCE,
    MISSION_FINDINGS,
    NOTES,
    load_demo,
)

__all__ = [
    "COMPETENCE",
    "DEMOLAND",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "EVIDENCE",
    "MISSION_FINDINGS",
    "NOTES",
    "load_demo",
]
