// Edges between given pairs of people, in either direction, with $start <= at < $end:
// the contacts of the planned relationships (owner and stakeholder). Each pair is listed
// once, so each relationship is returned once.
// @param pairs LIST<LIST<STRING>>  [[person id, person id], ...], each unordered pair once
// @param start INTEGER
// @param end INTEGER
UNWIND $pairs AS pair
MATCH (a:Person {id: pair[0]})-[r:INTERACTED]-(b:Person {id: pair[1]})
WHERE r.at >= $start AND r.at < $end
RETURN r.id AS interaction_id, startNode(r).id AS source, endNode(r).id AS target,
       r.at AS at, r.channel AS channel, r.weight AS weight, r.duration AS duration
