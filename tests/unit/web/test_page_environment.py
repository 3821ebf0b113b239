"""Pages read `d.key` from dicts by a short path: every lookup answers as Jinja's own would."""

from __future__ import annotations

from collections import OrderedDict
from types import SimpleNamespace

import jinja2
import pytest

from nucsec.web.templating import templates

SOURCE = "[{{ d.a }}|{{ d.missing }}|{{ d.items()|list|length }}|{{ d.get('a') }}|{{ d.keys }}]"
CASES = [
    {"a": "<b>", "items": "shadowed", "keys": "k"},  # a key named like a method: the method wins
    {"a": 1},
    OrderedDict(a=2, items="x"),  # a dict subclass takes Jinja's own path
    SimpleNamespace(a=3, items=lambda: [1], get=lambda k: k, keys="attr"),
    {},
]


@pytest.mark.parametrize("value", CASES, ids=lambda v: type(v).__name__)
def test_lookups_answer_as_jinja_does(value: object) -> None:
    ours = templates.env.from_string(SOURCE)
    plain = jinja2.Environment(autoescape=True).from_string(SOURCE)
    assert ours.render(d=value) == plain.render(d=value)


def test_a_dict_value_is_escaped_and_a_missing_key_is_undefined() -> None:
    page = templates.env.from_string("{{ d.a }}|{{ d.b is defined }}")
    assert page.render(d={"a": "<b>"}) == "&lt;b&gt;|False"
