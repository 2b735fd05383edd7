// The stored edges of the given interaction ids (any order): the ingest compares them with
// incoming records that reuse an id, so that an id never stands for two interactions.
// @param ids LIST<STRING>
UNWIND $ids AS iid
MATCH (s:Person)-[r:INTERACTED {id: iid}]->(t:Person)
RETURN r.id AS interaction_id, s.id AS source, t.id AS target, r.at AS at,
       r.channel AS channel, r.weight AS weight, r.duration AS duration
