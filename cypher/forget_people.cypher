// Deletes these people, every INTERACTED relationship they take part in and their
// MEMBER_OF links (`relgraph forget`). Returns how many people and relationships went.
// @param ids LIST<STRING>
OPTIONAL MATCH (p:Person)
WHERE p.id IN $ids
OPTIONAL MATCH (p)-[r:INTERACTED]-()
WITH collect(DISTINCT p) AS people, collect(DISTINCT r) AS rels
FOREACH (r IN rels | DELETE r)
FOREACH (p IN people | DETACH DELETE p)
RETURN size(people) AS people, size(rels) AS edges
