"""Outlets: the user's own verdicts on outlets (they win over every rater)."""

DESCRIPTION = "outlet_overrides: the user's lean / factual / name / owner / note per outlet domain"

STATEMENTS = [  # the same on SQLite and PostgreSQL
    """CREATE TABLE outlet_overrides (
        domain TEXT PRIMARY KEY,
        lean TEXT,
        factual TEXT,
        name TEXT,
        owner TEXT,
        note TEXT,
        updated_at TEXT NOT NULL
    )""",
]
