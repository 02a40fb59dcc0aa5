"""Feeds: polling state and health, and the entries seen in each feed."""

DESCRIPTION = "feed polling state (conditional GET, health, schedule) and seen feed entries"

STATEMENTS = [  # the same on SQLite and PostgreSQL
    "ALTER TABLE feeds ADD COLUMN site_url TEXT",
    "ALTER TABLE feeds ADD COLUMN status TEXT NOT NULL DEFAULT 'active'",
    "ALTER TABLE feeds ADD COLUMN interval_min INTEGER",
    "ALTER TABLE feeds ADD COLUMN etag TEXT",
    "ALTER TABLE feeds ADD COLUMN last_modified TEXT",
    "ALTER TABLE feeds ADD COLUMN last_polled_at TEXT",
    "ALTER TABLE feeds ADD COLUMN last_success_at TEXT",
    "ALTER TABLE feeds ADD COLUMN last_error TEXT",
    "ALTER TABLE feeds ADD COLUMN last_error_at TEXT",
    "ALTER TABLE feeds ADD COLUMN error_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE feeds ADD COLUMN last_http_status INTEGER",
    "ALTER TABLE feeds ADD COLUMN next_poll_at TEXT",
    "CREATE INDEX feeds_due ON feeds(status, next_poll_at)",
    """CREATE TABLE feed_items (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        url TEXT,
        outcome TEXT NOT NULL,
        reason TEXT,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_id, key)
    )""",
    "CREATE INDEX feed_items_article ON feed_items(article_id)",
]
