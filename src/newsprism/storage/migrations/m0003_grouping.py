"""Grouping: stored embeddings and features, copies, membership scores, user corrections."""

DESCRIPTION = "article embeddings + grouping features, term document counts, copies, story pins"

SQLITE = [
    """CREATE TABLE article_embeddings (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        vector BLOB NOT NULL
    )""",
    # day: the article's date in days since 1970 (float), the grouper's clock; fetched: when it
    # was fetched; dated = 0 when the article has no publication date (day is then `fetched`).
    """CREATE TABLE article_features (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        day REAL NOT NULL,
        fetched REAL NOT NULL,
        dated INTEGER NOT NULL,
        terms TEXT NOT NULL,
        names TEXT NOT NULL,
        minhash BLOB NOT NULL,
        shingles INTEGER NOT NULL
    )""",
    "CREATE INDEX article_features_day ON article_features(day)",
    """CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE article_copies (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        original_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        overlap REAL NOT NULL
    )""",
    "CREATE INDEX article_copies_original ON article_copies(original_id)",
    "ALTER TABLE story_articles ADD COLUMN score REAL",
    "ALTER TABLE story_articles ADD COLUMN nearest_id INTEGER",
    "ALTER TABLE stories ADD COLUMN first_day REAL",
    "ALTER TABLE stories ADD COLUMN last_day REAL",
    "ALTER TABLE stories ADD COLUMN first_fetched REAL",
    "ALTER TABLE stories ADD COLUMN last_fetched REAL",
    "CREATE INDEX stories_last_day ON stories(last_day)",
    "CREATE INDEX stories_last_fetched ON stories(last_fetched)",
    # A pin says: articles with the same pin belong together, different pins apart.
    """CREATE TABLE story_pins (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        pin TEXT NOT NULL
    )""",
    "CREATE INDEX story_pins_pin ON story_pins(pin)",
    """CREATE TABLE story_corrections (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('split', 'merge', 'move')),
        detail TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
]
