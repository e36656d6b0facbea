#!/usr/bin/env node
// Evaluates Kaitai expressions with the reference compiler (JavaScript
// target) and runtime, as an oracle for hexbuf's evaluator: each line of
// stdin becomes a `value` instance of a spec over the bytes c8 f6 (read as
// u: u1, s: s1); prints one JSON line [expression, result] each, the
// result being {ok: value} | {err: runtime error} | {compile: error}.
//
//   npm i kaitai-struct-compiler@0.11.0 kaitai-struct@0.11.0   (or NODE_PATH)
//   node tests/tools/expr_oracle.js < expressions.txt
'use strict';
const KSC = require('kaitai-struct-compiler');
const KaitaiStream = require('kaitai-struct/KaitaiStream');
const fs = require('fs');

const exprs = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.trim() !== '');

function show(v) {
  if (v instanceof Uint8Array) return { bytes: Array.from(v) };
  if (Array.isArray(v)) return { array: v.map(show) };
  if (typeof v === 'number') return Number.isInteger(v) ? { int: String(v) } : { float: v };
  return v;
}

(async () => {
  for (const e of exprs) {
    const spec = {
      meta: { id: 't', endian: 'le', encoding: 'UTF-8' },
      seq: [{ id: 'u', type: 'u1' }, { id: 's', type: 's1' }],
      instances: { v: { value: e } },
    };
    let out;
    try {
      const files = await KSC.compile('javascript', spec, null, false);
      const m = { exports: {} };
      const req = (n) => (n === 'kaitai-struct/KaitaiStream' ? KaitaiStream : require(n));
      new Function('module', 'exports', 'require', 'define', files['T.js'])(m, m.exports, req, undefined);
      const T = m.exports.T || m.exports;
      const o = new T(new KaitaiStream(new Uint8Array([0xc8, 0xf6])));
      try {
        out = { ok: show(o.v) };
      } catch (err) {
        out = { err: String(err) };
      }
    } catch (err) {
      out = { compile: String(err.message || err).split('\n')[0] };
    }
    console.log(JSON.stringify([e, out]));
  }
})();
