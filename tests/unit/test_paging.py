"""The shared paging helper: page arithmetic, query-string parsing and sort keys."""

from __future__ import annotations

import pytest
from sqlalchemy import column

from nucsec.errors import Invalid
from nucsec.paging import MAX_LIMIT, Page, PageParams, order_of, page_params


def test_a_page_says_how_many_pages_and_which_comes_next() -> None:
    first = Page[int].of([1, 2], total=5, params=PageParams(limit=2, page=1))
    assert (first.pages, first.next, first.total, first.count) == (3, 2, 5, 5)
    last = Page[int].of([5], total=5, params=PageParams(limit=2, page=3))
    assert last.next is None
    empty = Page[int].of([], total=0, params=PageParams(limit=2))
    assert (empty.pages, empty.next) == (1, None)
    everything = Page[int].of([1, 2, 3], total=3, params=PageParams(limit=None))
    assert (everything.pages, everything.next, everything.limit) == (1, None, None)


def test_query_parameters_of_a_page_are_bounded_and_never_fail() -> None:
    assert page_params({"limit": "100000", "page": "3"}) == PageParams(limit=MAX_LIMIT, page=3)
    assert page_params({"limit": "-1", "page": "x"}) == PageParams()
    assert page_params({}, default_limit=20).limit == 20
    assert PageParams(limit=20, page=3).offset == 40


def test_sort_keys_are_named_and_an_unknown_one_is_refused_with_the_choices() -> None:
    columns = {"ref": (column("ref"),), "due": (column("due"), column("id"))}
    assert [str(c) for c in order_of("-due", columns, "ref")] == ["due DESC", "id DESC"]
    assert [str(c) for c in order_of(None, columns, "ref")] == ["ref ASC"]
    with pytest.raises(Invalid, match="sort: unknown key 'nope'; use one of due, ref"):
        order_of("nope", columns, "ref")
