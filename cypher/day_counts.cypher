// Edges per UTC day (day start in epoch seconds), for the data checks and the default as-of.
MATCH ()-[r:INTERACTED]->()
WITH r.at - ((r.at % 86400) + 86400) % 86400 AS day
RETURN day, count(*) AS edges
ORDER BY day
