#!/usr/bin/python3
"""rss.py: run a command and report the memory of its process tree (the
memory bench of airlock-sigcheck, tests/bench/sigcheck-mem.sh).

Usage: rss.py CMD [ARG...]

Every 2 ms it reads /proc/PID/status of the command and of each of its
descendants (found through /proc/PID/task/PID/children): each process's
VmHWM (its peak resident set, monotonic, so a sample any time after the
peak sees it) and the sum of every VmRSS at that instant (the tree's
total), and the RLIMIT_AS soft limit of each descendant
(/proc/PID/limits, "Max address space"). A worker that ends between two
samples right after its peak would be under-counted, so the exact
figure is printed too: getrusage(RUSAGE_CHILDREN).ru_maxrss after the
wait, the largest peak of the command and every descendant it reaped.

Prints one line, all sizes in KiB:
  status=N root_hwm=K workers=N worker_hwm_max=K total_max=K exact_max=K as_cap=BYTES
The command's own output is discarded; its exit status is in status=.
"""
import os
import resource
import subprocess
import sys
import time


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def tree(root):
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def status(pid):
    vals = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmHWM", "VmRSS"):
                    vals[k] = int(v.split()[0])
    except OSError:
        pass
    return vals


def as_limit(pid):
    try:
        with open(f"/proc/{pid}/limits") as f:
            for line in f:
                if line.startswith("Max address space"):
                    soft = line.split()[3]
                    return None if soft == "unlimited" else int(soft)
    except OSError:
        pass
    return None


def main():
    p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hwm, root_hwm, total_max, cap = {}, 0, 0, None
    while p.poll() is None:
        total = 0
        for pid in tree(p.pid):
            s = status(pid)
            total += s.get("VmRSS", 0)
            if pid == p.pid:
                root_hwm = max(root_hwm, s.get("VmHWM", 0))
                continue
            hwm[pid] = max(hwm.get(pid, 0), s.get("VmHWM", 0))
            lim = as_limit(pid)
            if lim is not None:
                cap = lim if cap is None else max(cap, lim)
        total_max = max(total_max, total)
        time.sleep(0.002)
    exact = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"status={p.returncode} root_hwm={root_hwm} workers={len(hwm)} "
          f"worker_hwm_max={max(hwm.values(), default=0)} total_max={total_max} "
          f"exact_max={exact} as_cap={cap if cap is not None else 0}")


main()
