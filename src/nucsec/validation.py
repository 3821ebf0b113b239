"""Turn pydantic validation failures into one clear `Invalid` message."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

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


# Field lengths of every input schema: a note or a finding is a few paragraphs, an identifier a
# word. A 10 MB note would make one report take most of a minute; these keep inputs to the size
# of what they stand for and answer 422 with the field's name.
LONG_TEXT = 20_000
SHORT_TEXT = 500
ID_TEXT = 64
MAX_LIST = 500

LongText = Annotated[str, Field(max_length=LONG_TEXT)]
ShortText = Annotated[str, Field(max_length=SHORT_TEXT)]
IdText = Annotated[str, Field(max_length=ID_TEXT)]
IdList = Annotated[list[IdText], Field(max_length=MAX_LIST)]
