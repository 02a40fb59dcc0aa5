"""Reports: readers' error reports on an analysis and requests to fix a story's grouping."""

DESCRIPTION = "reports (analysis errors, wrong-grouping requests) listed on the corrections page"

SQLITE = [
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('analysis', 'grouping')),
        story_id INTEGER,
        article_id INTEGER,
        message TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'rejected')),
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX reports_story ON reports(story_id)",
]
