// Adds one INTERACTED relationship per (interaction id, target); a key already stored is
// ignored (like INSERT OR IGNORE). Rows must be de-duplicated by key within one batch.
// Returns how many were created and the keys whose source or target person is missing.
// @param rows LIST<MAP>  {key, id, source, target, at, channel, weight, duration}
UNWIND $rows AS row
OPTIONAL MATCH ()-[existing:INTERACTED {key: row.key}]->()
WITH row, existing
WHERE existing IS NULL
OPTIONAL MATCH (s:Person {id: row.source})
OPTIONAL MATCH (t:Person {id: row.target})
FOREACH (_ IN CASE WHEN s IS NULL OR t IS NULL THEN [] ELSE [1] END |
  CREATE (s)-[:INTERACTED {
    key: row.key, id: row.id, at: row.at, channel: row.channel,
    weight: row.weight, duration: row.duration
  }]->(t))
RETURN count(CASE WHEN s IS NOT NULL AND t IS NOT NULL THEN 1 END) AS added,
       collect(CASE WHEN s IS NULL OR t IS NULL THEN row.key END)[..5] AS missing
