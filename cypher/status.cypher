// Counts and time span of what is stored.
CALL () { MATCH (u:Unit) RETURN count(u) AS units }
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH (a:Audit) RETURN count(a) AS audits }
CALL () {
  MATCH ()-[r:INTERACTED]->()
  RETURN count(r) AS edges, count(DISTINCT r.id) AS interactions,
         min(r.at) AS first_at, max(r.at) AS last_at
}
RETURN units, people, audits, edges, interactions, first_at, last_at
