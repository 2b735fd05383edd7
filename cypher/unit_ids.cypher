// Ids of all units.
MATCH (u:Unit)
RETURN u.id AS id
