"""Story analysis cache: one row per story, keyed by a signature of its member articles."""

DESCRIPTION = "story analysis cache (story id + signature of member articles -> analysis JSON)"

STATEMENTS = [  # the same on SQLite and PostgreSQL
    """CREATE TABLE story_analysis (
        story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        signature TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        computed_at TEXT NOT NULL
    )""",
]
