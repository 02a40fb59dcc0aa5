"""Which process owns a running ingest run (host and pid), so a later start can tell a run whose
process was killed (closed as "interrupted") from one still going in another process."""

DESCRIPTION = "ingest_runs.owner_host and owner_pid: the process that runs an ingest run"

STATEMENTS = [  # the same on SQLite and PostgreSQL
    "ALTER TABLE ingest_runs ADD COLUMN owner_host TEXT",
    "ALTER TABLE ingest_runs ADD COLUMN owner_pid INTEGER",
]
