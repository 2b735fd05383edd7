// The erasure log, oldest first.
MATCH (e:RelgraphErasure)
RETURN e.at AS at, e.action AS action, e.counts AS counts
ORDER BY at
