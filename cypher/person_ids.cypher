// Ids of all people.
MATCH (p:Person)
RETURN p.id AS id
