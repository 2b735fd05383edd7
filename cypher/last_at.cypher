// Time of the latest stored edge (null when there is none).
MATCH ()-[r:INTERACTED]->()
RETURN max(r.at) AS last_at
