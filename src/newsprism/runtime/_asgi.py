"""The web app of one ``newsprism serve --workers N`` process.

uvicorn starts N processes that each import this module and call :func:`create`: each opens
the library named by the environment (``NEWSPRISM_DB``, ``NEWSPRISM_CONFIG``, set by the parent
from its own options) and serves the same app as a single-process ``serve``.
"""

from __future__ import annotations

from typing import Any


def create() -> Any:
    """The ASGI app for this process (uvicorn's ``factory=True``)."""
    from ..app import Newsprism
    from ..web import create_app, guard_hosts, write_token

    np = Newsprism.open()
    host = np.settings.serve.host
    return guard_hosts(create_app(np, token=write_token(np, host)), np, host)
