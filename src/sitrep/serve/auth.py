"""Writes need ``Authorization: Bearer <SITREP_API_TOKEN>``, compared in constant time."""

from __future__ import annotations

import hmac
from typing import Annotated, Optional

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .errors import ApiError

bearer = HTTPBearer(auto_error=False, description="The server's SITREP_API_TOKEN")


def token_matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def require_token(
    request: Request, credentials: Annotated[Optional[HTTPAuthorizationCredentials], Depends(bearer)]
) -> None:
    expected = request.app.state.token
    if not expected:
        raise ApiError(403, "writes are disabled: start the server with SITREP_API_TOKEN set")
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "missing bearer token", "Authorization", challenge)
    if not token_matches(expected, credentials.credentials):
        raise ApiError(401, "wrong bearer token", "Authorization", challenge)


Writer = Depends(require_token)
