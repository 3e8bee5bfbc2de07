"""The interactive docs under /schema, served whole from an installed package.

Litestar's docs pages load their scripts from a CDN (an unpinned ``@latest`` for
some): without internet the page is blank, and what runs in it is whatever the
CDN serves that day. Swagger UI's files come instead from the ``swagger-ui-py``
package, pinned in pyproject.toml, under /schema/assets; the page holds no inline
script (its start-up is /schema/assets/start.js), so the docs' Content-Security-
Policy allows scripts from this origin only (security_headers.DOCS_CSP).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from litestar import Request, Response, Router, get
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

ASSETS_PATH = "/schema/assets"
DOCS_SPEC_URL = "/schema/openapi.json"

# The start-up script: the one spec URL, no validator (it would ask a server on the internet).
START_SCRIPT = f"""window.addEventListener("load", function () {{
  window.ui = SwaggerUIBundle({{
    url: "{DOCS_SPEC_URL}",
    dom_id: "#swagger-ui",
    deepLinking: true,
    displayOperationId: true,
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout"
  }});
}});
""".encode()


def swagger_ui_files() -> Path:
    """The directory of Swagger UI's built files inside the installed package."""
    return Path(str(files("swagger_ui") / "static"))


class OfflineSwaggerUI(SwaggerRenderPlugin):
    """Swagger UI from this server's own /schema/assets, with no inline script."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = str(openapi_schema["info"]["title"]).replace("<", "&lt;")
        return f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{title} API</title>
    <link rel="icon" type="image/png" href="{ASSETS_PATH}/favicon-32x32.png">
    <link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="{ASSETS_PATH}/swagger-ui-standalone-preset.js"></script>
    <script src="{ASSETS_PATH}/start.js"></script>
  </body>
</html>
""".encode()


def offline_docs() -> OfflineSwaggerUI:
    # Served at /schema itself (the first render plugin has the root) and at /schema/swagger.
    return OfflineSwaggerUI(path="/swagger", favicon="", style="")


@get("/start.js", include_in_schema=False, sync_to_thread=False)
def _start_script() -> Response[bytes]:
    return Response(START_SCRIPT, media_type="text/javascript; charset=utf-8")


def docs_assets() -> Router:
    """/schema/assets: Swagger UI's files and its start-up script."""
    files_router = create_static_files_router(
        path="/", directories=[swagger_ui_files()], name="docs-assets", include_in_schema=False
    )
    return Router(
        ASSETS_PATH, route_handlers=[_start_script, files_router], include_in_schema=False
    )
