// How many INTERACTED relationships (and distinct interactions) touch these people: what
// `relgraph forget` would remove.
// @param ids LIST<STRING>
MATCH (p:Person)-[r:INTERACTED]-()
WHERE p.id IN $ids
WITH DISTINCT r
RETURN count(r) AS edges, count(DISTINCT r.id) AS interactions
