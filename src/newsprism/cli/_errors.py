"""Exit codes: the one place where errors become process exit statuses."""

from __future__ import annotations

from ..errors import (
    ConfigError,
    FeedError,
    InputError,
    ModelError,
    NewsprismError,
    NotFoundError,
    StorageError,
)

EXIT_CODES: list[tuple[type[BaseException], int]] = [
    (NotFoundError, 3),
    (ConfigError, 2),
    (InputError, 2),
    (StorageError, 4),
    (FeedError, 5),
    (ModelError, 6),
    (NewsprismError, 1),
]


def exit_code(e: BaseException) -> int:
    for cls, code in EXIT_CODES:
        if isinstance(e, cls):
            return code
    return 1
