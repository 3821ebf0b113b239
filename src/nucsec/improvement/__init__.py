"""Where a state stands on the implementation cycle, its figures, and what to do next.

It reads assessments, reviews, evidence and competence records, and nothing below imports it:
the cycle is where the guide's commitments meet ("self-assessment → peer review → act on
recommendations → repeat"), so it sits above every capability it connects.
"""
