"""A stored document for the demo: the regulator's annual report, so that the Evidence page shows
a file, its passages can be searched and "Map" proposes items to review from the first run.

The text is fictional, written for the demo in the style of a regulator's annual report.
"""

from __future__ import annotations

from html import escape

ANNUAL_REPORT_TITLE = "Demoland Nuclear Regulatory Authority: annual report 2025"
ANNUAL_REPORT_FILENAME = "dnra-annual-report-2025.html"

ANNUAL_REPORT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. Mandate and organisation",
        (
            "The Nuclear and Radiation Security Act 2019 makes the Demoland Nuclear Regulatory "
            "Authority the competent authority for the security of nuclear and other radioactive "
            "material. The Act gives the National Police the armed response to an attack on a "
            "facility and the Customs Service the detection of material at the borders, and a "
            "coordination committee chaired by the Ministry of the Interior meets every quarter.",
        ),
    ),
    (
        "2. Licensing and inspection",
        (
            "In 2025 the Authority issued 41 licences for the use of radioactive sources and "
            "renewed the operating licence of the research reactor after reviewing its security "
            "plan. Inspectors carried out 118 inspections, 37 of them unannounced; two licensees "
            "received enforcement notices and corrected the deficiencies within the set time.",
            "A regulation on the security of radioactive sources entered into force in September "
            "2024. It sets security levels by source category and requires licensees to report a "
            "lost or stolen source to the Authority and the police within 24 hours.",
        ),
    ),
    (
        "3. Threat and protection",
        (
            "The design basis threat was reviewed with the intelligence services in 2025 and "
            "remains the reference against which the research reactor's physical protection "
            "system is evaluated. A performance test of the reactor's intrusion detection and "
            "the guards' response was held in October, and its lessons are being acted on.",
            "Shipments of high-activity sources now travel under a transport security plan "
            "approved in advance, with tracking of the vehicle and a police escort for category "
            "1 sources.",
        ),
    ),
    (
        "4. Peer review",
        (
            "Demoland hosted an IAEA International Physical Protection Advisory Service mission "
            "in 2022. Of its eight recommendations and suggestions, five have been implemented; "
            "the Government has invited a follow-up mission to verify progress on the remaining "
            "three.",
        ),
    ),
    (
        "5. Training and security culture",
        (
            "Every guard and security manager at a licensed facility must now hold a "
            "qualification issued after a course and an examination; 64 staff were qualified "
            "in 2025. The Authority ran a security culture self-assessment with the research "
            "reactor's management, and recognises good security practice in its inspection "
            "reports.",
        ),
    ),
    (
        "6. International cooperation",
        (
            "Demoland contributed to the IAEA Nuclear Security Fund in 2025 and hosted a "
            "regional workshop on the security of radioactive sources for officials of five "
            "neighbouring states.",
        ),
    ),
    (
        "7. Transparency",
        (
            "This report, the Act and the regulations are published on the Authority's website, "
            "together with a summary of the peer review mission and of the progress made on its "
            "recommendations.",
        ),
    ),
    (
        "8. Radiation protection",
        (
            "Occupational doses at hospitals and industrial radiography companies remained well "
            "below the dose limits; no worker exceeded 6 millisieverts in the year.",
        ),
    ),
)


def annual_report_html() -> bytes:
    """The report as an HTML document, one paragraph per passage under its heading."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(ANNUAL_REPORT_TITLE)}</title></head><body>",
        f"<h1>{escape(ANNUAL_REPORT_TITLE)}</h1>",
    ]
    for heading, paragraphs in ANNUAL_REPORT:
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.extend(f"<p>{escape(text)}</p>" for text in paragraphs)
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")
