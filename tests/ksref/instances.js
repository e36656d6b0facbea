#!/usr/bin/env node
// Prints, as JSON, a JavaScript expression over the reference parse of FILE
// under SPEC -- for instances, which ksref.js does not print (seq fields only).
//
//   node instances.js SPEC.ksy FILE 'r.header.sectionHeaders.map((s) => s.name)'
//
// The spec (without imports) is compiled by the reference compiler
// (kaitai-struct-compiler 0.11.0) to JavaScript, run by the reference runtime;
// `r` is the parsed root object, with the generated code's camelCase names.
'use strict';
const fs = require('fs');
const yaml = require('js-yaml');
const KSC = require('kaitai-struct-compiler');
const KaitaiStream = require('kaitai-struct/KaitaiStream');

const [specPath, filePath, expr] = process.argv.slice(2);
(async () => {
  const spec = yaml.load(fs.readFileSync(specPath, 'utf8'));
  const files = await KSC.compile('javascript', spec, null, false);
  const classes = {};
  for (const src of Object.values(files)) {
    const m = { exports: {} };
    const req = (n) => (n === 'kaitai-struct/KaitaiStream' ? KaitaiStream : require(n));
    new Function('module', 'exports', 'require', 'define', src)(m, m.exports, req, undefined);
    Object.assign(classes, m.exports);
  }
  const Root = Object.values(classes)[0];
  const raw = fs.readFileSync(filePath);
  const r = new Root(new KaitaiStream(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length)));
  const value = new Function('r', 'return (' + expr + ');')(r);
  process.stdout.write(JSON.stringify(value) + '\n');
})().catch((e) => {
  process.stderr.write('instances.js: ' + (e && e.message ? e.message : String(e)) + '\n');
  process.exit(2);
});
