"""Foundation: outlets, feeds, articles with full-text search, stories, ingest log."""

DESCRIPTION = "outlets, feeds, articles (+FTS5), stories, story membership, ingest runs and items"

SQLITE = [
    """CREATE TABLE outlets (
        id INTEGER PRIMARY KEY,
        domain TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        outlet_id INTEGER REFERENCES outlets(id) ON DELETE SET NULL,
        added_at TEXT NOT NULL
    )""",
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT UNIQUE,
        outlet_id INTEGER REFERENCES outlets(id) ON DELETE SET NULL,
        feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        dek TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        published_at TEXT,
        fetched_at TEXT NOT NULL,
        language TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        source_kind TEXT NOT NULL,
        source_ref TEXT NOT NULL
    )""",
    "CREATE INDEX articles_outlet ON articles(outlet_id)",
    "CREATE INDEX articles_published ON articles(published_at)",
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, dek, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, dek, text) VALUES (new.id, new.title, new.dek, new.text);
    END""",
    """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, dek, text)
        VALUES ('delete', old.id, old.title, old.dek, old.text);
    END""",
    """CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, dek, text)
        VALUES ('delete', old.id, old.title, old.dek, old.text);
        INSERT INTO articles_fts(rowid, title, dek, text) VALUES (new.id, new.title, new.dek, new.text);
    END""",
    """CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_updated TEXT NOT NULL
    )""",
    """CREATE TABLE story_articles (
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        PRIMARY KEY (story_id, article_id)
    )""",
    """CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running'
    )""",
    """CREATE TABLE ingest_items (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
        ref TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('imported','duplicate','skipped','failed')),
        reason TEXT,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX ingest_items_run ON ingest_items(run_id)",
]
