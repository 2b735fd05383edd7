// Ids of the people who send or receive at least one stored interaction.
MATCH (p:Person)
WHERE EXISTS { (p)-[:INTERACTED]-() }
RETURN p.id AS id
