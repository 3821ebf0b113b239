"""Every JSON answer of the API has a named schema: clients can rely on its shape, and FastAPI
checks each answer against it (no route answers a bare `dict[str, Any]`)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def _named(schema: dict[str, Any]) -> bool:
    if "$ref" in schema:
        return True
    return schema.get("type") == "array" and "$ref" in schema.get("items", {})


def test_every_json_answer_of_the_api_is_a_named_model(app: FastAPI) -> None:
    spec = app.openapi()
    answers = [
        (method.upper(), path, content["schema"])
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        for code, response in operation.get("responses", {}).items()
        if code.startswith("2")
        for kind, content in response.get("content", {}).items()
        if kind == "application/json"
    ]
    assert len(answers) > 40, "the API's operations are all listed"
    untyped = [(m, p, s) for m, p, s in answers if not _named(s)]
    assert untyped == []
    for name, schema in spec["components"]["schemas"].items():
        if name.endswith("Public") or name in {"RoadmapPublic", "Report", "CatalogueDocument"}:
            assert schema.get("properties"), f"{name} documents its fields"
