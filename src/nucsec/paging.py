"""One way to page, sort and count every list, so no list can return everything by accident.

`PageParams` says which slice a caller wants (API: `?limit=&page=&sort=`; pages: the same query
parameters); `paginate` runs the caller's select for that slice and counts it in the same
session, so the visibility rule applies to the count as to the rows: a hidden record is never
counted. `Page[T]` is what every list route returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import Select, func
from sqlalchemy.orm import Session

from nucsec.errors import Invalid

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True)
class PageParams:
    """Which slice of a list: `limit` rows from page `page` (1-based), ordered by `sort`
    (a key the list names; a leading `-` reverses it). `limit=None` means every row, for
    exports and reports only, never for a request."""

    limit: int | None = DEFAULT_LIMIT
    page: int = 1
    sort: str | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * (self.limit or 0)

    def at(self, page: int) -> PageParams:
        return replace(self, page=page)


ALL = PageParams(limit=None)


def page_params(params: Mapping[str, str], default_limit: int = DEFAULT_LIMIT) -> PageParams:
    """Page parameters from a page's query string; malformed values fall back to the defaults
    (a page never fails on a hand-edited URL), and the limit is kept within bounds."""

    def number(key: str, default: int) -> int:
        value = str(params.get(key, "")).strip()
        return int(value) if value.isdigit() and int(value) > 0 else default

    return PageParams(
        limit=min(number("limit", default_limit), MAX_LIMIT),
        page=number("page", 1),
        sort=params.get("sort") or None,
    )


class Page(BaseModel, Generic[T]):
    """One slice of a list, with the number of rows the caller may see in the whole list."""

    items: list[T]
    total: int = Field(description="Rows the caller may see across every page.")
    count: int = Field(description="Same as total (kept for clients written before paging).")
    limit: int | None
    page: int
    pages: int
    next: int | None = Field(description="The next page's number, or null on the last page.")

    @classmethod
    def of(cls, items: Sequence[Any], total: int, params: PageParams) -> Page[Any]:
        limit = params.limit
        pages = max(1, -(-total // limit)) if limit else 1
        following = params.page + 1 if limit and params.page * limit < total else None
        return cls(
            items=list(items),
            total=total,
            count=total,
            limit=limit,
            page=params.page,
            pages=pages,
            next=following,
        )


def order_of(sort: str | None, columns: Mapping[str, Sequence[Any]], default: str) -> list[Any]:
    """The ORDER BY of a sort key; an unknown key is refused with the keys that exist."""
    key = sort or default
    descending = key.startswith("-")
    name = key.lstrip("-")
    if name not in columns:
        raise Invalid(f"sort: unknown key {name!r}; use one of {', '.join(sorted(columns))}")
    return [c.desc() if descending else c.asc() for c in columns[name]]


def paginate(
    session: Session,
    query: Select[Any] | Any,
    params: PageParams,
    *,
    count_column: Any,
) -> tuple[list[Any], int]:
    """The result rows of `query` on the requested page (tuples, one element per selected
    entity or column), and how many rows it has in all.

    The count keeps the query's FROM, joins and filters and counts `count_column` (an ORM
    attribute), so the session's visibility rule applies to it as to the rows."""
    rows = session.execute(
        query.limit(params.limit).offset(params.offset) if params.limit else query
    ).all()
    if params.limit is None or (params.page == 1 and len(rows) < params.limit):
        return list(rows), len(rows)
    total = session.scalar(query.with_only_columns(func.count(count_column)).order_by(None)) or 0
    return list(rows), total
