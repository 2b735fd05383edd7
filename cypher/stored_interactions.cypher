// Which of the given interactions are already stored: each is looked up by the key of
// one of its edges (interaction id + ';' + one target; unique index relgraph_interacted_key).
// @param keys LIST<STRING>  edge keys, one per interaction
UNWIND $keys AS k
MATCH ()-[r:INTERACTED {key: k}]->()
RETURN DISTINCT r.id AS id
