"""Assessments of a state against the framework, item by item, and their scoring."""
