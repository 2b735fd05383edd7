// Saved audits, oldest first.
MATCH (a:Audit)
RETURN a.id AS id, a.as_of AS as_of, a.window_days AS window_days, a.payload AS payload
ORDER BY as_of, id
