"""Expected failures become a 4xx with a reason: JSON for the API, a page for browsers."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from nucsec.errors import Conflict, Forbidden, Invalid, NotFound, NucsecError
from nucsec.web.security import LoginRequired, is_api
from nucsec.web.templating import render

STATUS = {NotFound: 404, Conflict: 409, Invalid: 422, Forbidden: 403}


def _status(exc: NucsecError) -> int:
    return next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)


def _answer(request: Request, code: int, reason: str, headers: dict | None = None) -> Response:
    if is_api(request):
        return JSONResponse({"detail": reason}, status_code=code, headers=headers)
    return render(request, "error.html", {"code": code, "reason": reason}, status_code=code)


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)

    @app.exception_handler(NucsecError)
    async def _domain(request: Request, exc: NucsecError) -> Response:
        return _answer(request, _status(exc), str(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        return _answer(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def _out_of_range(request: Request, exc: Exception) -> Response:
        # A value the database cannot hold (a number or date out of its range): the input's
        # fault, refused whole (the transaction was rolled back before this runs).
        return _answer(request, 422, "a value is out of the range the database can store")

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(p) for p in first["loc"] if p not in ("body", "query", "path"))
        reason = f"{field}: {first['msg']}" if field else str(first["msg"])
        if is_api(request):
            return JSONResponse(
                {
                    "detail": reason,
                    "errors": [{"loc": list(e["loc"]), "msg": e["msg"]} for e in errors],
                },
                status_code=422,
            )
        return render(request, "error.html", {"code": 422, "reason": reason}, status_code=422)
