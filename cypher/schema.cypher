// Constraints and indexes of the relgraph graph model (see README.md).
// Run by `relgraph init` and on first use; every statement is idempotent (IF NOT EXISTS).
// Statements are separated by a semicolon at the end of a line.
CREATE CONSTRAINT relgraph_person_id IF NOT EXISTS
FOR (p:Person) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT relgraph_unit_id IF NOT EXISTS
FOR (u:Unit) REQUIRE u.id IS UNIQUE;
CREATE CONSTRAINT relgraph_audit_id IF NOT EXISTS
FOR (a:Audit) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT relgraph_plan_id IF NOT EXISTS
FOR (p:Plan) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT relgraph_meta_key IF NOT EXISTS
FOR (m:RelgraphMeta) REQUIRE m.key IS UNIQUE;
// One relationship per (interaction id, target): key = id + ';' + target (ids never contain ';').
// Relationship property uniqueness constraints exist in Community Edition since Neo4j 5.7.
CREATE CONSTRAINT relgraph_interacted_key IF NOT EXISTS
FOR ()-[r:INTERACTED]-() REQUIRE r.key IS UNIQUE;
// The ingest looks interactions up by id (edges_by_ids.cypher: one id, one interaction).
CREATE INDEX relgraph_interacted_id IF NOT EXISTS
FOR ()-[r:INTERACTED]-() ON (r.id);
// The window queries (ties, edges) filter on the interaction time.
CREATE INDEX relgraph_interacted_at IF NOT EXISTS
FOR ()-[r:INTERACTED]-() ON (r.at);
// Lets a unit that arrives after its people pick up their MEMBER_OF links.
CREATE INDEX relgraph_person_unit IF NOT EXISTS
FOR (p:Person) ON (p.unit);
CREATE INDEX relgraph_unit_parent IF NOT EXISTS
FOR (u:Unit) ON (u.parent);
