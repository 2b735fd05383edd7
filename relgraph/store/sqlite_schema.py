"""The SQL of the embedded store (:mod:`relgraph.store.sqlite`): its schema and the
statements that are more than one line. Every value enters as a ``?`` parameter; the only
text built here comes from the :class:`~relgraph.models.Channel` enum, not from user data.
"""

from __future__ import annotations

from relgraph.models import Channel

APPLICATION_ID = 0x52474C47
"""``PRAGMA application_id`` of relgraph stores ("RGLG"), set when the tables are created."""


SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT
);
CREATE TABLE IF NOT EXISTS people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    unit TEXT NOT NULL,
    level TEXT NOT NULL,
    email TEXT,
    aliases TEXT
);
CREATE TABLE IF NOT EXISTS edges (
    interaction_id TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    weight REAL NOT NULL,
    duration REAL,
    PRIMARY KEY (interaction_id, target)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_at ON edges (at);
CREATE TABLE IF NOT EXISTS audits (
    id TEXT PRIMARY KEY,
    as_of INTEGER NOT NULL,
    window_days REAL NOT NULL,
    payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS plans (
    id TEXT PRIMARY KEY,
    imported_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    payload TEXT NOT NULL
);
"""
# Every statement above is CREATE ... IF NOT EXISTS, so running SCHEMA on an older store
# (PRAGMA user_version below SCHEMA_VERSION) is its migration: version 1 -> 2 adds ``plans``.

EDGE_INSERT = (
    "INSERT OR IGNORE INTO edges (interaction_id, source, target, at, channel, weight, duration) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)

# Channel weights enter the aggregation as parameters of a fixed CASE expression built from
# the Channel enum (not from user data).
_CHANNEL_CASE = "CASE channel " + " ".join("WHEN ? THEN ?" for _ in Channel) + " ELSE ? END"

TIES_SQL = f"""
SELECT source, target, COUNT(*) AS n,
       SUM(weight * ({_CHANNEL_CASE}) * exp(? * (? - at))) AS strength,
       MIN(at), MAX(at)
FROM edges
WHERE at >= ? AND at < ?
GROUP BY source, target
ORDER BY source, target
"""


ERASURE_TABLE = """
CREATE TABLE IF NOT EXISTS erasures (
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    counts TEXT NOT NULL
)
"""
PEOPLE_EDGES = ("FROM edges WHERE source IN (SELECT value FROM json_each(?)) "
                 "OR target IN (SELECT value FROM json_each(?))")
