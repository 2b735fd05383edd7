// How many INTERACTED relationships (and distinct interactions) are older than $before:
// what `relgraph prune --before` would remove.
// @param before INTEGER  epoch seconds; relationships with at < $before count
MATCH ()-[r:INTERACTED]->()
WHERE r.at < $before
RETURN count(r) AS edges, count(DISTINCT r.id) AS interactions
