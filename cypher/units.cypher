// All units (ordered again by id in Python, by code point like SQLite).
MATCH (u:Unit)
RETURN u.id AS id, u.name AS name, u.kind AS kind, u.parent AS parent
ORDER BY id
