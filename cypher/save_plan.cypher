// Saves (or replaces) a version of the relationship plan.
// @param id STRING  plan id: 'plan-' and a hash of its entries
// @param imported_at INTEGER
// @param source STRING  the file it was imported from
// @param payload STRING  the plan as JSON
MERGE (p:Plan {id: $id})
SET p.imported_at = $imported_at, p.source = $source, p.payload = $payload
