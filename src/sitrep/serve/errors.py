"""JSON errors: every error the API returns is ``{"error": {"status", "parameter", "message"}}``, with
the parameter at fault named when there is one, and never a traceback."""

from __future__ import annotations

import logging
from typing import Any, Optional, Union

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("sitrep.serve")


class ErrorDetail(BaseModel):
    status: int
    parameter: Optional[str] = None
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """An error answered as JSON with ``status``; ``parameter`` names the request parameter at fault."""

    def __init__(self, status: int, message: str, parameter: Optional[str] = None, headers: Optional[dict] = None):
        super().__init__(message)
        self.status, self.message, self.parameter, self.headers = status, message, parameter, headers


def error_response(
    status: int, message: str, parameter: Optional[str] = None, headers: Optional[dict] = None
) -> JSONResponse:
    body = {"error": {"status": status, "parameter": parameter, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


Responses = dict[Union[int, str], dict[str, Any]]  # FastAPI's ``responses=`` documentation


def _described(name: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": name}


BAD: Responses = {400: _described("A parameter is malformed or out of range; the error names it.")}
NOT_FOUND: Responses = {404: _described("No such item.")}
WRITE: Responses = {
    401: _described("Missing or wrong bearer token."),
    403: _described("Writes are disabled: the server was started without SITREP_API_TOKEN."),
    413: _described("The request body is too large."),
}


def _location(err: dict) -> Optional[str]:
    loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "header")]
    return ".".join(loc) or None


async def on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    err = exc.errors()[0] if exc.errors() else {}
    param = _location(err)
    msg = str(err.get("msg", "invalid request"))
    if err.get("input") is not None and param and err.get("type") != "missing":
        shown = str(err.get("input"))
        msg = f"{msg} (got {shown[:60]!r})"
    return error_response(400, f"{param}: {msg}" if param else msg, param)


async def on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    message = f"{exc.parameter}: {exc.message}" if exc.parameter else exc.message
    return error_response(exc.status, message, exc.parameter, exc.headers)


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = {404: f"no such path: {request.url.path}", 405: f"method {request.method} not allowed here"}.get(
        exc.status_code, str(exc.detail)
    )
    return error_response(exc.status_code, message, None, getattr(exc, "headers", None))


async def on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.error("internal error: %s: %s", type(exc).__name__, exc)
    return error_response(500, "internal error (logged on the server)")
