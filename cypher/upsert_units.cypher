// Inserts or replaces units by id and links them to their parent unit and to their people.
// @param rows LIST<MAP>  {id, name, kind, parent}
UNWIND $rows AS row
MERGE (u:Unit {id: row.id})
SET u.name = row.name, u.kind = row.kind, u.parent = row.parent
WITH u, row
CALL (u) {
  OPTIONAL MATCH (u)-[old:PART_OF]->(:Unit)
  DELETE old
}
CALL (u, row) {
  OPTIONAL MATCH (parent:Unit {id: row.parent})
  FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END |
    MERGE (u)-[:PART_OF]->(parent))
}
CALL (u) {
  OPTIONAL MATCH (child:Unit {parent: u.id})
  FOREACH (_ IN CASE WHEN child IS NULL THEN [] ELSE [1] END |
    MERGE (child)-[:PART_OF]->(u))
}
CALL (u) {
  OPTIONAL MATCH (p:Person {unit: u.id})
  FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END |
    MERGE (p)-[:MEMBER_OF]->(u))
}
RETURN count(u) AS n
