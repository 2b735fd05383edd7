// Stored versions of the relationship plan, oldest first.
MATCH (p:Plan)
RETURN p.id AS id, p.imported_at AS imported_at, p.source AS source, p.payload AS payload
ORDER BY imported_at, id
