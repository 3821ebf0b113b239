"""Demo legal registers of Demoland (XD) and Borealia (XB): fictional instruments and dates."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.filerows import Row
from nucsec.legal import service as legal

PUB, OFF = Label.PUBLIC.value, Label.OFFICIAL.value

REGISTERS: dict[str, dict[str, list[dict[str, Any]]]] = {
    "XD": {
        "instruments": [
            {
                "ref": "ACT-2019",
                "kind": "law",
                "title": "Nuclear and Radiation Security Act 2019",
                "adopted_on": "2019-06-01",
                "reference": "Official Gazette of Demoland 2019/41",
                "provisions": "Art. 4: CPPNM-2A-A, CPPNM-2A-D, C1-IA01 | "
                "Art. 6: CPPNM-5-1 | "
                "Art. 9: CPPNM-2A-C, CPPNM-2A-E, 1540-OP3a-use-NLF, 1540-OP3a-storage-NLF | "
                "Art. 12: 1540-OP2-possess-NLF, 1540-OP2-acquire-NLF, 1540-OP2-transport-NLF, "
                "1540-OP2-finance-NLF? | "
                "Art. 30: CPPNM-7-1a, CPPNM-7-1b, CPPNM-7-1d, CPPNM-14-1, 1540-OP2-use-ENF, "
                "1540-OP2-manufacture-ENF, 1540-OP2-possess-ENF | "
                "Art. 31: CPPNM-2A-L",
                "label": PUB,
            },
            {
                "ref": "REG-2024-SRC",
                "kind": "regulation",
                "title": "Regulation on the security of radioactive sources",
                "adopted_on": "2024-09-01",
                "reference": "DNRA Regulation 2024/3",
                "provisions": "Art. 3: CPPNM-2A-H, C1-IA02 | Art. 7: CPPNM-2A-F, CPPNM-2A-I | "
                "Art. 11: 1540-OP3b-NLF, 1540-OP3b-ENF, CPPNM-2A-K, CPPNM-14-1",
                "label": PUB,
            },
            {
                "ref": "LC-HOSP-01",
                "kind": "licence_condition",
                "title": "Security licence conditions for hospital source stores",
                "adopted_on": "2025-02-10",
                "provisions": "Cond. 2: CPPNM-2A-J, CPPNM-2A-G",
                "label": OFF,
            },
        ],
        "adherence": [
            {
                "instrument": "NPT",
                "acceded_on": "1995-05-11",
                "in_force_on": "1995-05-11",
                "label": PUB,
            },
            {
                "instrument": "CPPNM",
                "acceded_on": "2008-03-02",
                "in_force_on": "2008-04-01",
                "label": PUB,
            },
            {
                "instrument": "CPPNM-A",
                "ratified_on": "2016-02-01",
                "in_force_on": "2016-05-08",
                "label": PUB,
            },
            {"instrument": "ICSANT", "signed_on": "2006-09-14", "label": PUB},
            {"instrument": "CODE", "remarks": "Political commitment notified 2012", "label": PUB},
            {"instrument": "CODE-IE", "remarks": "Notified 2013", "label": PUB},
        ],
        "prosecutions": [
            {
                "case": "State v. unnamed defendant (theft of a category 3 source)",
                "decided_on": "2025-10-02",
                "offence_article": "7(1)(b)",
                "outcome": "Convicted; two years' imprisonment",
                "states_informed": "Neighbourland",
                "label": OFF,
            }
        ],
        "contacts": [
            {
                "name": "Demoland Nuclear Regulatory Authority, Security Division",
                "role": "Competent authority and point of contact (CPPNM Art. 5(1))",
                "channel": "security.contact@dnra.example",
                "since": "2016-05-08",
                "label": PUB,
            },
            {
                "name": "National Police, Nuclear Security Duty Officer",
                "role": "24/7 operational point of contact",
                "channel": "+000 100 200 300 (duty line)",
                "since": "2021-01-15",
                "label": OFF,
            },
        ],
    },
    "XB": {
        "instruments": [
            {
                "ref": "NSA-2008",
                "kind": "law",
                "title": "Borealia Nuclear Security Act 2008",
                "adopted_on": "2008-11-20",
                "reference": "Borealia Statutes 2008 c. 12",
                "provisions": "s. 3: CPPNM-2A-A, CPPNM-2A-C, CPPNM-2A-D | "
                "s. 5: CPPNM-5-1 | "
                "s. 10: CPPNM-2A-E, 1540-OP3a-use-NLF, 1540-OP3b-NLF | "
                "s. 40: CPPNM-7-1a, CPPNM-14-1, 1540-OP2-possess-ENF, 1540-OP2-use-ENF | "
                "s. 52: 1540-OP3d-export-NLF, 1540-OP3d-transshipment-NLF?",
                "label": PUB,
            },
        ],
        "adherence": [
            {
                "instrument": "NPT",
                "ratified_on": "1970-03-05",
                "in_force_on": "1970-03-05",
                "label": PUB,
            },
            {
                "instrument": "CPPNM",
                "ratified_on": "1987-02-08",
                "in_force_on": "1987-02-08",
                "label": PUB,
            },
            {
                "instrument": "CPPNM-A",
                "ratified_on": "2012-06-01",
                "in_force_on": "2016-05-08",
                "label": PUB,
            },
            {
                "instrument": "ICSANT",
                "ratified_on": "2010-01-15",
                "in_force_on": "2010-02-14",
                "label": PUB,
            },
            {"instrument": "CODE", "remarks": "Political commitment", "label": PUB},
        ],
        "prosecutions": [],
        "contacts": [
            {
                "name": "Borealia Nuclear Safety and Security Office",
                "role": "Central authority and point of contact (CPPNM Art. 5(1))",
                "channel": "cppnm.poc@bnsso.example",
                "since": "2016-05-08",
                "label": PUB,
            },
        ],
    },
}


def load(*, session: Session) -> list[str]:
    """Add the demo registers of states that have none yet (idempotent)."""
    created = []
    for code, register in REGISTERS.items():
        if legal.listing(session=session, state_code=code, record_type="instruments"):
            continue
        for record_type, rows in register.items():
            if rows:
                legal.import_rows(
                    session=session,
                    state_code=code,
                    record_type=record_type,
                    rows=[Row(i, r) for i, r in enumerate(rows, 1)],
                    source=f"demo {code} {record_type}",
                )
        created.append(f"legal register of {code}")
    return created
