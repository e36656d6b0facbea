#!/bin/sh
# Peak memory of an editor after opening an 8 GiB sparse file and jumping
# to its end (Ctrl+End), as the kernel counts it (VmHWM: the binary's and
# libraries' pages mapped in count too), in a 120x36 tmux window.
# Usage: sh benches/tools/peak_rss.sh RUNS CMD [ARGS...]   (e.g. 9 target/release/hexbuf)
# Prints each run's VmHWM, RssAnon and RssFile in KiB, then the median VmHWM.
set -eu
runs=$1; shift
file=${PEAK_RSS_FILE:-/tmp/hexbuf-peak-rss-8g}
[ -f "$file" ] || truncate -s 8G "$file"
session=hexbuf-peak-rss
all=""
i=0
while [ $i -lt "$runs" ]; do
    i=$((i + 1))
    tmux kill-session -t $session 2>/dev/null || true
    tmux new -d -s $session -x 120 -y 36 "$* $file"
    sleep 1
    pid=$(tmux list-panes -t $session -F '#{pane_pid}')
    # The pane's shell may have started the editor as its child.
    case $(cat /proc/"$pid"/comm) in sh | bash | dash) pid=$(pgrep -P "$pid" | head -1) ;; esac
    tmux send-keys -t $session C-End
    sleep 0.7
    hwm=$(awk '/^VmHWM/ {print $2}' /proc/"$pid"/status)
    anon=$(awk '/^RssAnon/ {print $2}' /proc/"$pid"/status)
    filerss=$(awk '/^RssFile/ {print $2}' /proc/"$pid"/status)
    echo "run $i: VmHWM $hwm RssAnon $anon RssFile $filerss"
    all="$all $hwm"
    tmux kill-session -t $session
done
echo "$all" | tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print "median VmHWM " v[int((NR + 1) / 2)] " KiB"}'
