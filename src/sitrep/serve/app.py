"""The FastAPI application: ``create_app(db_url, token=None)``.

Every response carries a strict Content-Security-Policy (``default-src 'self'``, no inline script or
style, no eval) and the usual hardening headers; errors are JSON (:mod:`sitrep.serve.errors`); the
OpenAPI document (``/v1/openapi.json``) lists every status each operation can answer. No interactive
docs page is served: FastAPI's loads its scripts from a CDN, and nothing here comes from one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import Store
from . import documents, errors, events, facts

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
MAX_BODY = 50 * 1024 * 1024


class SecurityHeaders:
    """ASGI middleware: the security headers on every response; a declared body over MAX_BODY is a 413."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if length.isdigit() and int(length) > MAX_BODY:
            response = errors.error_response(413, f"request body over {MAX_BODY // 2**20} MiB", "body")
            return await response(scope, receive, self._with_headers(send))
        await self.app(scope, receive, self._with_headers(send))

    @staticmethod
    def _with_headers(send):
        async def sending(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        return sending


def _openapi(app: FastAPI):
    """FastAPI's OpenAPI, with validation errors documented as the 400 they are answered with."""

    def build() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for op in path.values():
                responses = op.get("responses", {})
                responses.pop("422", None)
                if op.get("parameters") or op.get("requestBody"):
                    responses.setdefault(
                        "400",
                        {
                            "description": "A parameter is malformed or out of range.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
                        },
                    )
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = schema
        return schema

    return build


def create_app_from_env() -> FastAPI:
    """``create_app`` from ``SITREP_DB`` and ``SITREP_API_TOKEN``: the factory each worker process of
    ``sitrep serve --workers N`` calls."""
    import os

    return create_app(os.environ["SITREP_DB"], token=os.environ.get("SITREP_API_TOKEN") or None)


def create_app(db_url: str, token: Optional[str] = None) -> FastAPI:
    """The API and dashboard over the database at ``db_url`` (a path or ``postgresql://`` URL).

    Writes (``POST /v1/documents``, ``POST /v1/refuse``) need ``token`` as a bearer token; without one
    they answer 403.
    """
    from importlib.metadata import version

    app = FastAPI(
        title="Sitrep API",
        version=version("sitrep"),
        docs_url=None,
        redoc_url=None,
        openapi_url="/v1/openapi.json",
        description="Fused conflict events, figures and their sources. See docs/api.md.",
    )
    app.state.store = Store(db_url)
    app.state.token = token or None
    app.add_exception_handler(RequestValidationError, errors.on_validation_error)
    app.add_exception_handler(errors.ApiError, errors.on_api_error)
    app.add_exception_handler(StarletteHTTPException, errors.on_http_error)
    app.add_exception_handler(Exception, errors.on_unexpected)
    for module in (events, facts, documents):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    setattr(app, "openapi", _openapi(app))  # noqa: B010  (FastAPI documents this override)
    app.add_middleware(SecurityHeaders)
    return app
