// Inserts or replaces people by id and (re)links each to its unit.
// `unit` is also kept as a property so that a person whose unit is not stored yet keeps it.
// @param rows LIST<MAP>  {id, name, title, unit, level, email, aliases}
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p.name = row.name, p.title = row.title, p.unit = row.unit,
    p.level = row.level, p.email = row.email, p.aliases = row.aliases
WITH p, row
CALL (p) {
  OPTIONAL MATCH (p)-[old:MEMBER_OF]->(:Unit)
  DELETE old
}
CALL (p, row) {
  OPTIONAL MATCH (u:Unit {id: row.unit})
  FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END |
    MERGE (p)-[:MEMBER_OF]->(u))
}
RETURN count(p) AS n
