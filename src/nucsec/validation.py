"""Turn pydantic validation failures into one clear `Invalid` message."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from nucsec.errors import Invalid

M = TypeVar("M", bound=BaseModel)


def describe(exc: ValidationError) -> str:
    """The first problem as 'field: reason', the way a user would want to read it."""
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "input"
    return f"{field}: {first['msg'].removeprefix('Value error, ')}"


def parse(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Invalid(describe(exc)) from exc
