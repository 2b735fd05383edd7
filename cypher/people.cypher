// All people (ordered again by id in Python, by code point like SQLite).
MATCH (p:Person)
RETURN p.id AS id, p.name AS name, p.title AS title, p.unit AS unit,
       p.level AS level, p.email AS email, p.aliases AS aliases
ORDER BY id
