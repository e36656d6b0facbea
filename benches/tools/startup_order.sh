#!/bin/sh
# Writes assets/startup.order: the functions the release binary runs from
# start-up to its first frame on an 8 GiB file, a jump to the end (Ctrl+End)
# and quitting, in the order they first run. build.rs hands the list to the
# linker (LLD's --symbol-ordering-file), which puts them together at the
# start of the code, so opening a file maps fewer pages of the binary.
#
# Run it after changing dependencies, the toolchain or the crate's version
# (symbol names carry a hash of those) and after large changes to what
# start-up runs. Needs valgrind and tmux. Usage: sh benches/tools/startup_order.sh
set -eu
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'tmux kill-session -t hexbuf-order 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build --release --quiet
bin=target/release/hexbuf
truncate -s 8G "$work/big"
tmux new -d -s hexbuf-order -x 120 -y 36 \
    "valgrind --tool=callgrind --demangle=no --callgrind-out-file=$work/cg.out $bin $work/big 2>$work/vg.err"
# Under valgrind the first frame takes seconds: wait for the status line.
i=0
until tmux capture-pane -p -t hexbuf-order | grep -q "F1 help"; do
    i=$((i + 1)); [ $i -lt 120 ] || { echo "no first frame" >&2; exit 1; }
    sleep 0.5
done
tmux send-keys -t hexbuf-order C-End
sleep 3
tmux send-keys -t hexbuf-order C-q
i=0
while tmux has-session -t hexbuf-order 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 60 ] || { echo "hexbuf did not quit" >&2; exit 1; }
    sleep 0.5
done
# Every function name callgrind saw, first-seen order, kept if the binary
# defines it as code.
nm "$bin" | awk '$2 ~ /^[tT]$/ {print $3}' | sort -u >"$work/defined"
grep -oE '^c?fn=\([0-9]+\) .*' "$work/cg.out" | sed -E 's/^c?fn=\([0-9]+\) //' |
    awk '!seen[$0]++' >"$work/seen"
# Valgrind's CPU has no SHA extensions, so the SHA-256 of the lock and
# bookmark file names runs another function under it than on the machine.
grep -E 'x86_sha.*compress' "$work/defined" >>"$work/seen" || true
awk 'NR == FNR {d[$0] = 1; next} ($0 in d) && !seen[$0]++' "$work/defined" "$work/seen" >assets/startup.order
echo "assets/startup.order: $(wc -l <assets/startup.order) functions"
