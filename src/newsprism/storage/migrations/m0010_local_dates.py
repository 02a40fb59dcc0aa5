"""Publication times keep the outlet's UTC offset; the page's last update is kept apart.

``published_at`` stays a UTC instant (ordering, time windows); ``published_offset`` is the offset,
in minutes east of UTC, that the outlet wrote the time with, so the article's local day is the
outlet's (``2020-04-02T04:11+05:30`` is 2 April, not 1 April). NULL means "unknown, show UTC".
``updated_at`` is the page's "modified" time (UTC), never used as the publication date.
"""

DESCRIPTION = "articles.published_offset (outlet's UTC offset, minutes) and articles.updated_at"

STATEMENTS = [  # the same on SQLite and PostgreSQL
    "ALTER TABLE articles ADD COLUMN published_offset INTEGER",
    "ALTER TABLE articles ADD COLUMN updated_at TEXT",
]
