// Appends one line to the erasure log: what was done, when, how many (never the data).
// @param at INTEGER  epoch seconds
// @param action STRING  'forget' or 'prune'
// @param counts STRING  JSON object of counts
CREATE (:RelgraphErasure {at: $at, action: $action, counts: $counts})
