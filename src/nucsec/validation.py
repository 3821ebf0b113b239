"""Turn pydantic validation failures into one clear `Invalid` message; shared field types."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, Field, ValidationError

from nucsec.errors import Invalid

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


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


def one_of(what: str, value: str, options: dict[str, T]) -> T:
    """The option named `value`, or a one-line refusal that lists the names there are."""
    if value not in options:
        raise Invalid(f"unknown {what} {value!r}; use one of {', '.join(options)}")
    return options[value]


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
# --- shared field types ------------------------------------------------------------------------

MAX_ID = 2**31 - 1  # the largest key an INTEGER column holds on PostgreSQL (and so everywhere)
WEB_SCHEMES = ("http", "https")

RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A record number in a path, query or body: out-of-range numbers are a 422, not a 500."""


def is_web_address(value: object) -> bool:
    """True for an absolute http(s) URL: the only kind of link nucsec renders or stores."""
    if not isinstance(value, str) or any(c.isspace() or ord(c) < 32 for c in value):
        return False
    parsed = urlsplit(value)
    return parsed.scheme.lower() in WEB_SCHEMES and bool(parsed.netloc)


def _web_address(value: str) -> str:
    if not is_web_address(value):
        raise ValueError("must be an http:// or https:// address")
    return value


WebAddress = Annotated[str, Field(max_length=1000), AfterValidator(_web_address)]
"""A stored link: `javascript:`, `data:` and relative links are refused at the door."""
