"""The FastAPI app factory: one engine per app, routers of each capability mounted here."""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine

from nucsec import __version__
from nucsec.catalogue import api as catalogue_api
from nucsec.catalogue import pages as catalogue_pages
from nucsec.config import Settings, get_settings
from nucsec.db import make_engine


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="nucsec",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.resolved_database_url)
    app.mount("/static", StaticFiles(directory=str(files("nucsec.web") / "static")), name="static")
    app.include_router(catalogue_api.router, prefix="/api/v1")
    app.include_router(catalogue_pages.router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/framework", status_code=303)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
