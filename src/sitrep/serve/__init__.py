"""``sitrep serve``: a versioned JSON API (``/v1/…``, OpenAPI at ``/v1/openapi.json``) over the crisis
database and an offline dashboard (map, timeline, table, sources) served at ``/``.

:func:`sitrep.serve.app.create_app` builds the FastAPI application; ``docs/api.md`` describes it.
"""

from .app import create_app

__all__ = ["create_app"]
