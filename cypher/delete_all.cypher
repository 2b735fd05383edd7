// Deletes every node relgraph owns (and their relationships) in batches; used by the live
// contract tests to start from an empty database. Returns how many nodes were deleted.
// Other labels in the same database are left alone.
// @param limit INTEGER  nodes per call; call again until it returns 0
MATCH (n)
WHERE n:Person OR n:Unit OR n:Audit OR n:Plan OR n:RelgraphMeta OR n:RelgraphErasure
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
