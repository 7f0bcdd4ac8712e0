#!/usr/bin/env python3
"""profile_top.py FILE.collapsed [thread]: where the CPU went, from async-profiler's collapsed stacks with threads.

Prints each thread's share of the samples, then for one thread (default: the desk, which decides every input) the
frames of the agent, SQLite, Jackson and the JDK's digests that the most samples passed through (inclusive), and
the leaf frames (self time). Python standard library only."""
import collections
import re
import sys

path = sys.argv[1]
want = sys.argv[2] if len(sys.argv) > 2 else "desk"
threads, inclusive, leaf = collections.Counter(), collections.Counter(), collections.Counter()
total = mine = 0
for line in open(path):
    stack, count = line.rstrip().rsplit(" ", 1)
    frames, count = stack.split(";"), int(count)
    name = re.sub(r"\d+", "#", re.sub(r" tid=\d+", "", frames[0])).strip("[]")
    threads[name] += count
    total += count
    if want not in name:
        continue
    mine += count
    leaf[frames[-1]] += count
    for f in set(frames[1:]):
        inclusive[f] += count
if not total:
    sys.exit(f"{path}: no samples")
print(f"{total} samples (1 ms of CPU each); per thread:")
for name, c in threads.most_common(8):
    print(f"  {100 * c / total:5.1f}%  {name}")
interesting = re.compile(r"org/touchstone/agent/(?!DeskThread|EventRecorder\.atomically)|NativeDB|fsync|"
                         r"ObjectMapper\.(write|read)|MessageDigest\.digest")
plumbing = re.compile(r"lambda\$|\$\$Lambda")
print(f"\n{want}: {mine} samples; the frames most samples passed through (share of the {want} thread):")
shown = 0
for f, c in inclusive.most_common():
    if interesting.search(f) and not plumbing.search(f):
        print(f"  {100 * c / mine:5.1f}%  {f.replace('/', '.')}")
        shown += 1
        if shown == 30:
            break
print(f"\n{want}: leaf frames (self time):")
for f, c in leaf.most_common(12):
    f = re.sub(r".*libsqlitejdbc\.so", "libsqlitejdbc.so (SQLite)", f).replace("/", ".")
    print(f"  {100 * c / mine:5.1f}%  {f}")
