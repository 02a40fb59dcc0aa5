"""HTTP status codes: the one place where newsprism errors become HTTP responses."""

from __future__ import annotations

from ..errors import ConfigError, InputError, NewsprismError, NotFoundError, StorageError
from ._actions import NotAvailable

STATUS: list[tuple[type[BaseException], int]] = [
    (NotAvailable, 501),
    (NotFoundError, 404),
    (ConfigError, 500),
    (InputError, 400),
    (StorageError, 503),
    (NewsprismError, 500),
]


def http_status(e: BaseException) -> int:
    for cls, status in STATUS:
        if isinstance(e, cls):
            return status
    return 500
