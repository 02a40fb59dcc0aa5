"""``newsprism serve``: the web UI in one process, or in N (``--workers N``, PostgreSQL or SQLite
in WAL mode: readers never block each other, writes are serialised by the database)."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..app import Newsprism

log = logging.getLogger(__name__)


def serve(np: Newsprism, host: str, port: int, *, workers: int = 1) -> None:
    """Serve until interrupted; ``workers`` > 1 starts that many web processes on one port."""
    from ..web import serve as serve_one

    if workers <= 1:
        serve_one(np, host, port)
        return
    import uvicorn

    np.recover()  # once, here, before the processes start
    os.environ["NEWSPRISM_DB"] = np.settings.db_url  # the processes open the same library
    os.environ["NEWSPRISM_SERVE_HOST"] = host
    os.environ["NEWSPRISM_DATA_DIR"] = str(np.settings.data_path)  # the same serve-token file
    np.close()  # the parent only supervises
    uvicorn.run(
        "newsprism.runtime._asgi:create",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
