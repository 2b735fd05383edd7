// Saves (or replaces) an audit record.
// @param id STRING
// @param as_of INTEGER
// @param window_days FLOAT
// @param payload STRING  the audit as JSON
MERGE (a:Audit {id: $id})
SET a.as_of = $as_of, a.window_days = $window_days, a.payload = $payload
