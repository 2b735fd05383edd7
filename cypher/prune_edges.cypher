// Deletes up to $limit INTERACTED relationships older than $before (`relgraph prune`);
// run again until it returns 0. Returns how many were deleted.
// @param before INTEGER  epoch seconds; relationships with at < $before go
// @param limit INTEGER
MATCH ()-[r:INTERACTED]->()
WHERE r.at < $before
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
