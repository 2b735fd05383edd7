#!/usr/bin/env node
// Lints Cypher files with Neo4j's own parser and semantic analyser
// (@neo4j-cypher/language-support, lintCypherQuery(query, dbSchema)).
//
// usage: node lint.cjs [--json] FILE.cypher...
//
// Each file declares its parameters in header comments, one per line:
//     // @param rows LIST<MAP>  description
// Those names (and only those) are passed as dbSchema.parameters, so an undeclared
// parameter is reported ("Parameter $x is not defined."). The schema also declares the
// labels and relationship types of the relgraph graph model (a misspelt label is a warning)
// and Neo4j's built-in functions (an unknown function is an error).
// Every diagnostic, error or warning, fails the run (exit 1); exit 2 on usage errors.
'use strict';

const fs = require('fs');
const path = require('path');
const { lintCypherQuery, testData } = require('@neo4j-cypher/language-support');

const LABELS = ['Person', 'Unit', 'Audit', 'Plan', 'RelgraphMeta', 'RelgraphErasure'];
const RELATIONSHIP_TYPES = ['MEMBER_OF', 'PART_OF', 'INTERACTED'];
const PARAM_RE = /^\s*\/\/\s*@param\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+(\S+))?/;

// Built-in functions only (no APOC: Neo4j Community ships without it). The list comes from
// the package's own schema fixture, which mirrors a Neo4j 5 server's `SHOW FUNCTIONS`.
function builtinFunctions() {
  const out = {};
  for (const [version, registry] of Object.entries(testData.mockSchema.functions)) {
    out[version] = {};
    for (const [name, fn] of Object.entries(registry)) {
      if (fn.isBuiltIn) out[version][name] = fn;
    }
  }
  return out;
}

function declaredParameters(text) {
  const params = {};
  for (const line of text.split('\n')) {
    const m = PARAM_RE.exec(line);
    if (m) params[m[1]] = m[2] || 'ANY';
  }
  return params;
}

function lintFile(file, functions) {
  const text = fs.readFileSync(file, 'utf8');
  const schema = {
    labels: LABELS,
    relationshipTypes: RELATIONSHIP_TYPES,
    parameters: declaredParameters(text),
    functions,
  };
  const diagnostics = lintCypherQuery(text, schema).map((d) => ({
    severity: d.severity === 1 ? 'error' : 'warning',
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    message: d.message,
  }));
  if (text.trim().length === 0) {
    diagnostics.push({ severity: 'error', line: 1, column: 1, message: 'empty file' });
  }
  return { file, parameters: Object.keys(schema.parameters), diagnostics };
}

function main(argv) {
  const json = argv.includes('--json');
  const files = argv.filter((a) => a !== '--json');
  if (files.length === 0) {
    process.stderr.write('usage: node lint.cjs [--json] FILE.cypher...\n');
    return 2;
  }
  const functions = builtinFunctions();
  const results = files.map((f) => lintFile(f, functions));
  let failed = 0;
  for (const r of results) {
    if (r.diagnostics.length) failed += 1;
    if (!json) {
      for (const d of r.diagnostics) {
        process.stdout.write(
          `${path.relative(process.cwd(), r.file)}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`,
        );
      }
    }
  }
  if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else process.stdout.write(`${files.length} file(s) linted, ${failed} with problems\n`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
