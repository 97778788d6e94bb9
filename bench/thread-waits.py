#!/usr/bin/env python3
"""Samples a process's threads every 5 ms and prints those in uninterruptible sleep (D state).

    python3 bench/thread-waits.py PID > waits.txt     # until the process exits; Ctrl-C to stop

Each line: wall-clock time, "D", the thread's name, the top of its kernel stack (needs root to
read /proc/<pid>/task/<tid>/stack; without it the stack is empty). Beside BENCH_TIMELINE=1 (whose
windows are on the monotonic clock: compare shapes, not times) it shows what every thread was
waiting for in a stall: how session 6 found SQLite's checkpoints inside commits
(docs/bench/webhook.md). Summarise with, for example:

    awk '{print $3, $4}' waits.txt | sed 's/+0x.*//' | sort | uniq -c | sort -rn | head
"""
import os
import sys
import time


def main(pid: str) -> None:
    tasks = f"/proc/{pid}/task"
    names: dict[str, str] = {}
    while os.path.exists(tasks):
        now = time.time()
        try:
            tids = os.listdir(tasks)
        except FileNotFoundError:
            break
        for tid in tids:
            try:
                with open(f"{tasks}/{tid}/stat") as f:
                    stat = f.read()
                end = stat.rindex(")")
                names.setdefault(tid, stat[stat.index("(") + 1 : end])
                if stat[end + 2] != "D":
                    continue
                try:
                    with open(f"{tasks}/{tid}/stack") as f:
                        stack = [line.split(" ")[-1] for line in f.read().splitlines()[:5]]
                except OSError:
                    stack = []
                print(f"{now:.3f} D {names[tid]} {' '.join(stack)}")
            except (FileNotFoundError, ProcessLookupError, ValueError):
                pass
        time.sleep(0.005)
    sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: bench/thread-waits.py PID")
    if not os.path.exists(f"/proc/{sys.argv[1]}/task"):
        sys.exit(f"no process {sys.argv[1]}")
    try:
        main(sys.argv[1])
    except KeyboardInterrupt:
        sys.stdout.flush()
