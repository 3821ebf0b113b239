"""One Jinja2 environment for every page (autoescaping on), and `render` that fills the frame:
the caller, their clearance, the navigation they may use and the form's CSRF token."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from nucsec import __version__
from nucsec.access.labels import Label
from nucsec.access.principal import Permission, Principal
from nucsec.glossary import title
from nucsec.validation import is_web_address

_DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(jinja2.Environment):
    """Jinja's environment, reading `d.key` from a plain dict without the failed attribute
    lookup first. Pages read many service results that are dicts (figures, checks, measures);
    Jinja tries `getattr` on each, and the AttributeError it raises and catches cost more than
    the rest of the lookup. The answer is the same: a dict has no attribute but its methods."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:  # Jinja's own lookup from here (inlined: every attribute of a page comes here)
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


templates = Jinja2Templates(
    env=PageEnvironment(
        loader=jinja2.FileSystemLoader(str(files("nucsec.web") / "templates")),
        autoescape=jinja2.select_autoescape(),
    )
)
templates.env.globals["nucsec_version"] = __version__
templates.env.filters["human"] = title  # codes read as the pack's titles (nucsec.glossary)
templates.env.tests["web_address"] = is_web_address  # only http(s) addresses become links


def page_url(request: Request, page: int, key: str = "page") -> str:
    """This page's URL at another page number, every other query parameter kept (`key`: the
    parameter of one of several paged tables on a page)."""
    url = request.url.include_query_params(**{key: page})
    return f"{url.path}?{url.query}"


templates.env.globals["page_url"] = page_url


_OPTION = Markup('<option value="{0}">{1}</option>')
_SELECTED = Markup('<option value="{0}" selected>{1}</option>')


@lru_cache(maxsize=256)
def _option_markup(
    pairs: tuple[tuple[str, str], ...],
) -> tuple[Markup, dict[str, tuple[Markup, Markup]]]:
    """Every choice's `<option>` joined once, and each one's plain and selected forms, so
    marking the selected one is a single replacement. A page draws the same lists many times
    (200 states in the header's selector, four selects in each of an assessment's 39 rows),
    and Jinja's loops over them cost more than the rest of it."""
    each = {v: (_OPTION.format(v, t), _SELECTED.format(v, t)) for v, t in pairs}
    return Markup("").join(_OPTION.format(v, t) for v, t in pairs), each


def _marked(pairs: tuple[tuple[str, str], ...], selected: object) -> Markup:
    joined, each = _option_markup(pairs)
    wanted = None if selected is None else str(selected)
    if wanted not in each:
        return joined
    plain, chosen = each[wanted]
    return Markup(joined.replace(plain, chosen, 1))  # noqa: S704 (both parts escaped above)


def _pair(choice: Any) -> tuple[str, str]:
    if isinstance(choice, str):
        return choice, choice
    if isinstance(choice, tuple):
        return str(choice[0]), str(choice[1])
    return str(choice.id), str(choice.title)


def choice_pairs(choices: Sequence[Any]) -> tuple[tuple[str, str], ...]:
    """Choices as (value, text) pairs: a string is both, a pair stays, a record gives its id
    and title. Pass the result to `options` when a page draws the same select many times."""
    return tuple(_pair(c) for c in choices)


def options(choices: Sequence[Any], selected: object = None) -> Markup:
    """The `<option>`s of a select, the one whose value is `selected` marked. A choice is a
    string (value and text), a (value, text) pair, or anything with an id and a title."""
    pairs = choices if isinstance(choices, tuple) else choice_pairs(choices)
    return _marked(pairs, selected)


@lru_cache(maxsize=64)
def _state_pairs(
    states: tuple[tuple[str, str], ...], with_code: bool
) -> tuple[tuple[str, str], ...]:
    return tuple((code, f"{name} ({code})" if with_code else name) for code, name in states)


def state_options(
    states: Sequence[Any], selected: str | None = None, *, with_code: bool = True
) -> Markup:
    """A state selector's `<option>`s (states: (code, name) pairs, or anything with a code
    and a name)."""
    pairs = tuple((s[0], s[1]) if isinstance(s, tuple) else (s.code, s.name) for s in states)
    return _marked(_state_pairs(pairs, with_code), selected)


_INVALID = Markup(' aria-invalid="true" aria-describedby="save-errors"')


def field_marks(
    bad: dict[str, str], items: Iterable[str], fields: Iterable[str]
) -> dict[str, dict[str, Markup]]:
    """Item → field → the attributes that mark the field a refused save names (for assistive
    technology; `bad`: item → field). Built once per page: a table row reads its marks instead
    of calling a function for each of its eight fields."""
    clean = dict.fromkeys(fields, Markup(""))
    return {item: {**clean, bad[item]: _INVALID} if item in bad else clean for item in items}


_BADGE = Markup('<span class="badge {0}" title="Sensitivity label">{0}</span>')


def badge(label: object) -> Markup:
    """A sensitivity label as the pages show it (a function, not a macro: a list page draws
    one per row, and a Jinja macro call costs many times more)."""
    return _badge(str(label))


@lru_cache(maxsize=16)
def _badge(label: str) -> Markup:
    return _BADGE.format(label)


templates.env.globals["options"] = options
templates.env.globals["badge"] = badge
templates.env.globals["state_options"] = state_options

NAV: tuple[tuple[str, str, Permission | None], ...] = (
    ("/dashboard", "Dashboard", None),
    ("/framework", "Framework", None),
    ("/assessments", "Assessments", None),
    ("/roadmap", "Roadmap", None),
    ("/reviews", "Reviews", None),
    ("/competence", "Competence", None),
    ("/cooperation", "Cooperation", None),
    ("/evidence", "Evidence", None),
    ("/legal", "Legal", None),
    ("/reports", "Reports", None),
    ("/states", "States", None),
    ("/compare", "Compare", None),
    ("/admin", "Admin", Permission.read_audit),
)


STATE_PAGES = frozenset(
    {"/dashboard", "/reviews", "/competence", "/cooperation", "/evidence", "/reports"}
)
"""The menu's pages that show one state: their links carry the state being viewed."""
templates.env.globals["state_pages"] = STATE_PAGES


def nav_for(principal: Principal | None) -> list[tuple[str, str]]:
    if principal is None:
        return []
    return [(href, label) for href, label, perm in NAV if perm is None or principal.can(perm)]


def _viewed_code(request: Request) -> str | None:
    """The code of the state being viewed, for the menu's links (web.current keeps it)."""
    current = getattr(request.state, "current_state", None)
    if current is not None:
        return str(current.code)
    code = request.session.get("state") if "session" in request.scope else None
    return code if isinstance(code, str) and code.isalpha() else None


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    page_label: Label | str | None = None,
) -> Response:
    """Render a page; `page_label` is the highest label of the records it shows (for the banner)."""
    from nucsec.web.security import csrf_token

    principal: Principal | None = getattr(request.state, "principal", None)
    frame = {
        "principal": principal,
        "nav_items": nav_for(principal),
        "csrf_token": csrf_token(request),
        "page_label": Label(page_label) if page_label else None,
        # set by web.current.current_state on pages that show one state
        "current_state": getattr(request.state, "current_state", None),
        "visible_states": getattr(request.state, "visible_states", None) or [],
        "viewed_code": _viewed_code(request),
    }
    return templates.TemplateResponse(
        request, name, {**frame, **(context or {})}, status_code=status_code
    )
