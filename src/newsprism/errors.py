"""The one exception family of newsprism.

Every error newsprism raises on purpose derives from :class:`NewsprismError`. Errors caused by
bad input also derive from :class:`ValueError`. The CLI maps them to exit codes and the web
layer to HTTP status codes, each in one place (``cli/_errors.py`` and ``web/_errors.py``).
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""


class ConfigError(NewsprismError, ValueError):
    """The configuration file or an environment variable is invalid."""


class InputError(NewsprismError, ValueError):
    """An input (file, record, URL, argument) cannot be used; the message says why."""


class ExtractionError(InputError):
    """A page or document holds no usable article (too short, not an article, binary...)."""


class FeedError(NewsprismError):
    """A feed could not be fetched or parsed."""


class FetchError(FeedError):
    """An HTTP fetch failed or was refused (unsafe address, too large, timeout...)."""


class StorageError(NewsprismError):
    """The database failed (locked, corrupt, unreachable, or an integrity problem)."""


class MigrationError(StorageError):
    """A schema migration failed; the database was left at its previous version."""


class NotFoundError(NewsprismError, LookupError):
    """A story, article, outlet or feed with the given id does not exist."""


class ModelError(NewsprismError):
    """A bundled model (embeddings, spaCy) could not be loaded from its installed package."""
