// Records the schema version on first use and returns the stored one.
// @param version INTEGER  schema version this relgraph writes
MERGE (m:RelgraphMeta {key: 'schema'})
  ON CREATE SET m.version = $version
RETURN m.version AS version
