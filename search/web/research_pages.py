"""The research pages: kwic, trend, compare and dupes."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
