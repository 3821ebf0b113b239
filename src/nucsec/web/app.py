"""The FastAPI app factory: one engine per app, every capability's routers mounted here."""

from __future__ import annotations

from importlib.resources import files

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.middleware.sessions import SessionMiddleware

from nucsec import __version__
from nucsec.access import api as access_api
from nucsec.access import audit
from nucsec.access import pages as access_pages
from nucsec.access import service as access_service
from nucsec.analytics import api as analytics_api
from nucsec.analytics import pages as analytics_pages
from nucsec.assessments import api as assessments_api
from nucsec.assessments import pages as assessments_pages
from nucsec.catalogue import api as catalogue_api
from nucsec.catalogue import pages as catalogue_pages
from nucsec.competence import api as competence_api
from nucsec.competence import pages as competence_pages
from nucsec.config import Settings, get_settings
from nucsec.db import make_engine
from nucsec.evidence import api as evidence_api
from nucsec.evidence import pages as evidence_pages
from nucsec.improvement import api as improvement_api
from nucsec.improvement import pages as improvement_pages
from nucsec.legal import api as legal_api
from nucsec.legal import pages as legal_pages
from nucsec.publishing import keys as signing_keys
from nucsec.publishing import pages as publishing_pages
from nucsec.reports import api as reports_api
from nucsec.reports import pages as reports_pages
from nucsec.reviews import api as reviews_api
from nucsec.reviews import pages as reviews_pages
from nucsec.states import api as states_api
from nucsec.states import pages as states_pages
from nucsec.web import errors, openapi, pages
from nucsec.web.gate import ReadGate
from nucsec.web.guard import RequestGuard
from nucsec.web.headers import SecurityHeaders
from nucsec.web.runtime import tune_for_serving
from nucsec.web.security import SESSION_COOKIE, authenticate, public, verify_csrf

SESSION_SECONDS = 8 * 3600


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="nucsec",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        # Every route authenticates and checks CSRF unless listed as public in web.security.
        dependencies=[Depends(authenticate), Depends(verify_csrf)],
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.resolved_database_url)
    app.state.throttle = access_service.ThrottlePolicy.from_settings(settings)
    audit.use_key(app.state.engine, settings.derived_key(audit.CHAIN_PURPOSE))
    signing_keys.use_folder(app.state.engine, settings.data_dir / "keys")
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_SECONDS,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    # Added last, so they run first: the guard reads the body before the session or any route.
    app.add_middleware(
        RequestGuard,
        max_bytes=settings.max_request_bytes,
        upload_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(SecurityHeaders, https=settings.secure_cookies)
    app.add_middleware(ReadGate, at_once=settings.concurrent_reads)  # outermost: waits hold nothing
    app.mount("/static", StaticFiles(directory=str(files("nucsec.web") / "static")), name="static")
    for api in (
        catalogue_api,
        access_api,
        states_api,
        assessments_api,
        evidence_api,
        reviews_api,
        reports_api,
        competence_api,
        improvement_api,
        legal_api,
        analytics_api,
    ):
        app.include_router(api.router, prefix="/api/v1")
    for page in (
        pages,
        access_pages,
        catalogue_pages,
        states_pages,
        assessments_pages,
        evidence_pages,
        reviews_pages,
        reports_pages,
        competence_pages,
        improvement_pages,
        publishing_pages,
        legal_pages,
        analytics_pages,
    ):
        app.include_router(page.router)
    errors.install(app)
    openapi.install(app, docs_path="/api/v1/docs")

    @app.get("/healthz", include_in_schema=False)
    @public
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app


def create_server_app() -> FastAPI:
    """The app as `nucsec serve` runs it in each worker process: `create_app`, then the
    interpreter tuned for a long-running server (`web.runtime`)."""
    app = create_app()
    tune_for_serving()
    return app
