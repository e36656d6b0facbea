#!/bin/sh
# `hexbuf diff` against `cmp -l` on the same files, side by side, alternating:
# two 1 GiB files that differ in 12 bytes (equal offsets), then `--align` on
# a 100 MiB pair with 10 scattered insertions (peak RSS minus the two
# files' own mapped pages). Wall time, best and median of RUNS runs.
#
#   sh benches/tools/diff_vs_cmp.sh [HEXBUF] [RUNS] [DIR]
# HEXBUF defaults to target/release/hexbuf; DIR (default a fresh temporary
# directory) holds the 2.2 GiB of files. The files are read once first so
# that both tools read them from the page cache.
set -eu
HEXBUF=${1:-target/release/hexbuf}
RUNS=${2:-7}
DIR=${3:-$(mktemp -d)}
mkdir -p "$DIR"
python3 - "$DIR" <<'PY'
import os, random, shutil, sys
d = sys.argv[1]
random.seed(11)
def noise(n):
    return random.randbytes(n)
a, b = os.path.join(d, "big_a"), os.path.join(d, "big_b")
if not os.path.exists(b):
    block = noise(1 << 20)
    with open(a, "wb") as f:
        for i in range(1024):
            f.write(block[i * 7:] + block[:i * 7])
    shutil.copy(a, b)
    with open(b, "r+b") as f:
        for off in (12345, 300_000_000, 700_000_001, (1 << 30) - 5):
            f.seek(off)
            f.write(b"\xff\x00\x11")
a, b = os.path.join(d, "mid_a"), os.path.join(d, "mid_b")
if not os.path.exists(b):
    data = bytearray(noise(100 << 20))
    open(a, "wb").write(data)
    for off in sorted(random.sample(range(len(data)), 10), reverse=True):
        data[off:off] = noise(random.randint(1, 100))
    open(b, "wb").write(data)
PY
cat "$DIR"/big_a "$DIR"/big_b "$DIR"/mid_a "$DIR"/mid_b > /dev/null

# Wall seconds of a shell command, output discarded through a pipe (cmp
# stops at the first difference when its output is /dev/null itself).
wall() {
    /usr/bin/time -f "%e %M" sh -c "$1 | cat > /dev/null" 2>&1 | tail -1
}
stats() {
    sort -n | awk '{v[NR]=$1} END {printf "best %.3f s, median %.3f s", v[1], v[int((NR+1)/2)]}'
}
: > "$DIR/t_cmp"; : > "$DIR/t_hexbuf"; : > "$DIR/t_align"; : > "$DIR/m_align"
i=0
while [ $i -lt "$RUNS" ]; do
    wall "cmp -l $DIR/big_a $DIR/big_b" | cut -d' ' -f1 >> "$DIR/t_cmp"
    wall "$HEXBUF diff $DIR/big_a $DIR/big_b" | cut -d' ' -f1 >> "$DIR/t_hexbuf"
    r=$(wall "$HEXBUF diff --align $DIR/mid_a $DIR/mid_b")
    echo "$r" | cut -d' ' -f1 >> "$DIR/t_align"
    echo "$r" | cut -d' ' -f2 >> "$DIR/m_align"
    i=$((i + 1))
done
files_kib=$(( ($(stat -c %s "$DIR/mid_a") + $(stat -c %s "$DIR/mid_b")) / 1024 ))
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $RUNS runs each"
echo "cmp -l, 1 GiB pair, 12 bytes differ:        $(stats < "$DIR/t_cmp")"
echo "hexbuf diff, same pair:                    $(stats < "$DIR/t_hexbuf")"
echo "hexbuf diff --align, 100 MiB, 10 inserts:  $(stats < "$DIR/t_align")"
echo "  its peak RSS minus the files' pages:     $(( $(sort -n "$DIR/m_align" | tail -1) - files_kib )) KiB (peak RSS $(sort -n "$DIR/m_align" | tail -1) KiB, files $files_kib KiB)"
$HEXBUF diff --align "$DIR/mid_a" "$DIR/mid_b" | tail -1
