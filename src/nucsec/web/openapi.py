"""The OpenAPI document says how to authenticate and what every error answer looks like.

Every error (401, 403, 404, 409, 413, 422 and the 400 of a refused rule) has one body, `Error`:
`detail`, one line for a person, and for a malformed request `errors`, one entry per problem.
The bearer token and the session cookie are declared as security schemes on every route that
needs a login (all but the few `@public` ones).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import HTMLResponse

from nucsec.web.security import SESSION_COOKIE, is_public_endpoint


class ErrorItem(BaseModel):
    loc: list[str | int] = Field(description="Where: body, query or path, then the field.")
    msg: str


class Error(BaseModel):
    """The body of every error answer of the API."""

    detail: str = Field(description="What went wrong, in one line.")
    errors: list[ErrorItem] | None = Field(
        default=None, description="Each problem of a malformed request (422 only)."
    )


ERRORS = {
    "400": "The request breaks a rule; `detail` says which.",
    "401": "No valid bearer token or session cookie.",
    "403": "Your role may not do this, or the CSRF token is missing.",
    "404": "No such record, or none you may see.",
    "409": "The write conflicts with a record or with a concurrent change.",
    "413": "The request body is larger than the server accepts.",
    "422": "The request is malformed; `detail` names the first problem.",
}
SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An access token from POST /api/v1/auth/token, or an API token.",
    },
    "cookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The signed session cookie of a signed-in browser (unsafe methods "
        "also need the X-CSRF-Token header).",
    },
}
REF = {"$ref": "#/components/schemas/Error"}
# Signing in is public, yet answers 401 to a wrong password and 429 once throttled.
SIGN_IN = {
    ("post", "/api/v1/auth/token"): {
        "401": "Wrong user name or password.",
        "429": "Too many failed sign-ins for this name or address; try again later.",
    }
}


def build(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document with security schemes and the one error schema."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = Error.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas["Error"].pop("$defs", None)
    schemas["ErrorItem"] = ErrorItem.model_json_schema()
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    components["securitySchemes"] = SCHEMES
    public = {
        (method.lower(), ctx.path)
        for ctx in iter_route_contexts(app.routes)
        if is_public_endpoint(ctx.endpoint)
        for method in ctx.methods or ()
    }
    for path, operations in doc.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                if code == "401" and (method, path) in public:
                    continue
                responses[code] = {
                    "description": text,
                    "content": {"application/json": {"schema": REF}},
                }
            for code, text in SIGN_IN.get((method, path), {}).items():
                responses[code] = {
                    "description": text,
                    "content": {"application/json": {"schema": REF}},
                }
            if (method, path) in public:
                operation["security"] = []
            else:
                operation["security"] = [{"bearer": []}, {"cookie": []}]
    app.openapi_schema = doc
    return doc


def install(app: FastAPI, *, docs_path: str) -> None:
    """Serve the document, and the Swagger UI page whose one inline script is allowed by hash."""
    app.openapi = lambda: build(app)  # type: ignore[method-assign]

    def docs(_request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url=app.openapi_url or "", title=f"{app.title} API")
        html = bytes(page.body).decode("utf-8")
        hashes = " ".join(
            f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
            for s in re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
        )
        cdn = "https://cdn.jsdelivr.net"
        policy = (
            f"default-src 'self'; script-src {cdn} {hashes}; style-src {cdn}; "
            f"img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})

    app.add_route(docs_path, docs, include_in_schema=False)
