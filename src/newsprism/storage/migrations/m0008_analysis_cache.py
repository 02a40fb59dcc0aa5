"""Per-article analysis cache: each article's candidate sentences (speaker, entities, numbers...)
and their sentence embeddings, so a story that gains an article processes only the new one."""

DESCRIPTION = (
    "per-article analysis cache (article id + content hash + analyzer version -> sentences, vectors)"
)

SQLITE = [
    """CREATE TABLE article_analysis (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        version TEXT NOT NULL,
        sentences TEXT NOT NULL,
        vectors BLOB NOT NULL
    )""",
]

POSTGRESQL = [
    """CREATE TABLE article_analysis (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        version TEXT NOT NULL,
        sentences TEXT NOT NULL,
        vectors BYTEA NOT NULL
    )""",
]
