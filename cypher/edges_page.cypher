// One page of edges with $start <= at < $end, ordered by (at, interaction id, target),
// after the position ($after_at, $after_id, $after_target) of the previous page
// (keyset pagination: each page is its own short read transaction).
// @param start INTEGER
// @param end INTEGER
// @param after_at INTEGER  at of the last edge of the previous page (or $start - 1)
// @param after_id STRING
// @param after_target STRING
// @param limit INTEGER
MATCH (s:Person)-[r:INTERACTED]->(t:Person)
WHERE r.at >= $start AND r.at < $end
  AND (r.at > $after_at
       OR (r.at = $after_at AND (r.id > $after_id
                                 OR (r.id = $after_id AND t.id > $after_target))))
RETURN r.id AS interaction_id, s.id AS source, t.id AS target, r.at AS at,
       r.channel AS channel, r.weight AS weight, r.duration AS duration
ORDER BY at, interaction_id, target
LIMIT $limit
