#!/usr/bin/env python3
"""A differential campaign: `hexbuf parse --json` against the reference
(../shared/tools/ksref) over a folder of Kaitai specs, field by field as
tests/ksref/compare.rs compares them (instances left out, floats by value,
errors by path).

Not run by CI (it needs specs and samples from outside the project):

    git clone https://github.com/kaitai-io/kaitai_struct_formats /tmp/ksf
    git clone https://github.com/kaitai-io/kaitai_struct_samples /tmp/samples
    cargo build --release
    python3 tests/tools/ksref_campaign.py --formats /tmp/ksf --samples /tmp/samples

Inputs for each spec: the sample files of its format (samples/<category>/<id>/)
and, of each, truncated and byte-flipped copies; files that start with the
spec's leading `contents` (its magic) followed by random bytes; random bytes.
`--machine` instead takes files of this machine whose extension the spec
names in `file-extension`. One JSON line per case goes to --out; the
differences are printed. `--show SPEC FILE` prints both trees of one case.
"""
import argparse, collections, glob, hashlib, json, os, random, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

CRATE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KSREF = os.path.join(CRATE, '..', 'shared', 'tools', 'ksref', 'ksref.js')
NODE_PATH = os.path.join(CRATE, 'target', 'ksref', 'node_modules')
HEXBUF = os.path.join(CRATE, 'target', 'release', 'hexbuf')


def run(cmd, env=None):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=60, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 'timeout', b'', b''


def reference(formats, spec, f):
    env = dict(os.environ, NODE_PATH=NODE_PATH)
    return run(['node', KSREF, '--formats', formats, spec, f], env)


def ours(formats, spec, f):
    return run([HEXBUF, 'parse', '--formats', formats, '--ksy', spec, f, '--json'])


def kids(node, key):
    return [c for c in node.get(key, []) if c.get('instance') is not True]


def child_path(parent, key, child):
    name = child.get('name', '?')
    if key == 'items':
        base = parent.rsplit('.', 1)[0] if '.' in parent else ''
        return f'{base}.{name}' if base else name
    return f'{parent}.{name}' if parent else name


def node_difference(path, e, a):
    if not isinstance(e, dict) or not isinstance(a, dict):
        return path, f'node {e!r:.80} vs {a!r:.80}'
    is_float = str(e.get('type', '')).startswith('f')
    for k in list(e) + [k for k in a if k not in e]:
        if k in ('fields', 'items', 'instance'):
            continue
        ev, av = e.get(k, '<absent>'), a.get(k, '<absent>')
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (ev, av))
        if is_float and numbers and float(ev) == float(av):
            continue
        if ev != av or type(ev) != type(av):
            return path, f'{k} {json.dumps(ev)[:100]} vs {json.dumps(av)[:100]}'
    for key in ('fields', 'items'):
        if (key in e) != (key in a):
            return path, f'{key}: {"present" if key in e else "absent"} vs {"present" if key in a else "absent"}'
        ek, ak = kids(e, key), kids(a, key)
        for i in range(max(len(ek), len(ak))):
            if i >= len(ak):
                return child_path(path, key, ek[i]), 'missing from ours'
            if i >= len(ek):
                return child_path(path, key, ak[i]), 'not in the reference'
            cp = child_path(path, key, ek[i])
            if ek[i].get('name') != ak[i].get('name'):
                return cp, f"name {ek[i].get('name')} vs {ak[i].get('name')}"
            d = node_difference(cp, ek[i], ak[i])
            if d:
                return d
    return None


def first_difference(e, a):
    if e.get('spec') != a.get('spec'):
        return 'spec', f"{e.get('spec')} vs {a.get('spec')}"
    er, ar = e.get('root'), a.get('root')
    if isinstance(er, dict) and isinstance(ar, dict):
        d = node_difference('', er, ar)
        if d:
            return d
    elif er != ar:
        return '', f'root {er!r:.80} vs {ar!r:.80}'
    ep = [x.get('path', '') for x in e.get('errors', [])]
    ap = [x.get('path', '') for x in a.get('errors', [])]
    if ep != ap:
        return 'errors', f'{ep} vs {ap}'
    return None


def case(formats, spec, f):
    rc, ro, re_ = reference(formats, spec, f)
    oc, oo, oe = ours(formats, spec, f)
    rel = os.path.relpath(spec, formats)
    base = dict(spec=rel, file=f)
    if rc == 2:
        return dict(base, kind='reference-refuses', message=re_.decode()[:200], ours=oc)
    if 'timeout' in (rc, oc):
        return dict(base, kind='timeout', reference=rc, ours=oc)
    if oc not in (0, 1):
        return dict(base, kind='ours-refuses', code=oc, message=oe.decode()[:300])
    try:
        d = first_difference(json.loads(ro), json.loads(oo))
    except ValueError as ex:
        return dict(base, kind='bad-json', message=str(ex))
    if rc != oc and not d:
        d = ('exit', f'{rc} vs {oc}')
    if d:
        return dict(base, kind='differ', path=d[0], what=d[1], codes=[rc, oc])
    return dict(base, kind='agree', code=rc)


def magic_of(spec):
    """The bytes of the spec's leading `contents` fields."""
    try:
        import yaml
        doc = yaml.safe_load(open(spec))
    except Exception:
        return b''
    magic = b''
    for attr in doc.get('seq') or []:
        c = attr.get('contents') if isinstance(attr, dict) else None
        if c is None:
            break
        for x in (c if isinstance(c, list) else [c]):
            magic += x.encode() if isinstance(x, str) else bytes([x & 0xff])
    return magic


def write(work, name, data):
    path = os.path.join(work, name)
    with open(path, 'wb') as fh:
        fh.write(data)
    return path


def inputs_for(args, spec, rng):
    rel = os.path.relpath(spec, args.formats)[:-4]
    out = []
    folder = os.path.join(args.samples, rel) if args.samples else None
    if folder and os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            p = os.path.join(folder, name)
            if name.endswith(('.license', '.md', '.py', '.java', '.dts')) or not os.path.isfile(p):
                continue
            out.append(p)
            data = open(p, 'rb').read()
            if len(data) <= 8:
                continue
            tag = hashlib.md5(p.encode()).hexdigest()[:10]
            for k in range(args.truncated):
                out.append(write(args.work, f'{tag}.cut{k}', data[:rng.randrange(1, len(data))]))
            for k in range(args.flipped):
                b = bytearray(data)
                for _ in range(rng.choice([1, 3, 10])):
                    b[rng.randrange(min(len(b), rng.choice([64, 512, len(b)])))] = rng.randrange(256)
                out.append(write(args.work, f'{tag}.flip{k}', bytes(b)))
    magic = magic_of(spec)
    tag = hashlib.md5(spec.encode()).hexdigest()[:10]
    for k in range(args.magic):
        n = rng.choice([8, 40, 200, 1000, 5000])
        body = bytes(rng.choice([0, 0, 1, 2, rng.randrange(256), rng.randrange(256)]) for _ in range(n))
        out.append(write(args.work, f'{tag}.magic{k}', magic + body))
    for k in range(args.random):
        n = rng.choice([16, 300, 2000])
        out.append(write(args.work, f'{tag}.random{k}', bytes(rng.randrange(256) for _ in range(n))))
    return out


def machine_inputs(args, specs):
    by_ext = collections.defaultdict(list)
    for spec in specs:
        lines = open(spec, errors='replace').read().split('\n')
        for i, line in enumerate(lines):
            if line.startswith('  file-extension:'):
                value = line.split(':', 1)[1].split('#')[0].strip()
                exts = [value] if value else []
                j = i + 1
                while not value and j < len(lines) and lines[j].startswith('    - '):
                    exts.append(lines[j][6:].split('#')[0].strip())
                    j += 1
                for e in exts:
                    by_ext[e.strip('"\'').lower()].append(spec)
                break
    found = collections.defaultdict(list)
    listing = subprocess.run(['find', '/usr', '/etc', '/opt', '/var', '-xdev', '-type', 'f',
                              '-size', '-8M', '-size', '+0'], capture_output=True, text=True).stdout
    for f in listing.split('\n'):
        e = os.path.splitext(f)[1][1:].lower()
        if e in by_ext and len(found[e]) < 4:
            found[e].append(f)
    return [(s, f) for e, fs in found.items() for s in by_ext[e] for f in fs]


def show(args):
    spec, f = args.show
    for name, (code, out, err) in (('reference', reference(args.formats, spec, f)),
                                   ('hexbuf', ours(args.formats, spec, f))):
        print(f'== {name}: exit {code} {err.decode().strip()[:300]}')
        print(out.decode()[:4000])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--formats', required=True, help='the specs (kaitai_struct_formats)')
    ap.add_argument('--samples', help='kaitai_struct_samples, laid out as the specs')
    ap.add_argument('--machine', action='store_true', help="this machine's files by extension")
    ap.add_argument('--only', nargs='*', default=[], help='specs whose path holds one of these')
    ap.add_argument('--truncated', type=int, default=4)
    ap.add_argument('--flipped', type=int, default=3)
    ap.add_argument('--magic', type=int, default=3)
    ap.add_argument('--random', type=int, default=2)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--work', default='/tmp/ksref-campaign')
    ap.add_argument('--out', default='/tmp/ksref-campaign.jsonl')
    ap.add_argument('--show', nargs=2, metavar=('SPEC', 'FILE'))
    args = ap.parse_args()
    args.formats = os.path.abspath(args.formats)
    if args.show:
        return show(args)
    os.makedirs(args.work, exist_ok=True)
    specs = sorted(glob.glob(os.path.join(args.formats, '**', '*.ksy'), recursive=True))
    if args.only:
        specs = [s for s in specs if any(o in s for o in args.only)]
    rng = random.Random(args.seed)
    if args.machine:
        jobs = machine_inputs(args, specs)
    else:
        jobs = [(s, f) for s in specs for f in inputs_for(args, s, rng)]
    print(f'{len(specs)} specs, {len(jobs)} cases', file=sys.stderr)
    with ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(lambda j: case(args.formats, *j), jobs))
    with open(args.out, 'w') as fh:
        for r in results:
            fh.write(json.dumps(r) + '\n')
    for r in results:
        if r['kind'] != 'agree':
            detail = r.get('what') or r.get('message') or ''
            print(f"{r['kind']}: {r['spec']} {r['file']} {r.get('path', '')} {detail[:200]}")
    print(dict(collections.Counter(r['kind'] for r in results)))


if __name__ == '__main__':
    main()
