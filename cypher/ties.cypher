// Directed ties of the window $start <= at < $end, aggregated in the database:
// strength = sum(weight * channel weight * exp($rate * ($as_of - at))),
// with $rate = -ln 2 / (half-life in seconds), i.e. 0.5 ** ((as_of - at) / half_life)
// (the same formula as TIES_SQL in relgraph/store/sqlite.py).
// @param start INTEGER
// @param end INTEGER
// @param as_of INTEGER
// @param rate FLOAT
// @param channel_weights MAP  channel -> weight; a channel not in the map weighs 1.0
MATCH (s:Person)-[r:INTERACTED]->(t:Person)
WHERE r.at >= $start AND r.at < $end
WITH s.id AS source, t.id AS target, r
RETURN source, target, count(r) AS n,
       sum(r.weight * coalesce($channel_weights[r.channel], 1.0)
           * exp($rate * ($as_of - r.at))) AS strength,
       min(r.at) AS first_at, max(r.at) AS last_at
ORDER BY source, target
