#!/usr/bin/env python3
"""First frame: spawn an editor in a 120x36 pty, time until its first data
row is on screen. Usage: firstframe.py RUNS MARKER CMD..."""
import os, pty, sys, time, select, struct, fcntl, termios, signal, statistics
runs = int(sys.argv[1]); marker = sys.argv[2].encode(); cmd = sys.argv[3:]
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before exec, as a terminal emulator does.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    buf = b""; done = None
    while time.perf_counter() - t0 < 5:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            buf += chunk
            if marker in buf:
                done = time.perf_counter() - t0
                break
    times.append(done)
    os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0); os.close(fd)
ok = [t * 1000 for t in times if t is not None]
print(f"{' '.join(cmd[:1])}: median {statistics.median(ok):.1f} ms, min {min(ok):.1f} ms, max {max(ok):.1f} ms ({len(ok)}/{runs} drew)")
