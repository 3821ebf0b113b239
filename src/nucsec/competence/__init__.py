"""Demonstrable competence and international cooperation: records, measures and their import."""
