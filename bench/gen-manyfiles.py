#!/usr/bin/env python3
"""The many-files volume of the "manyfiles" bench scenario: folders of 1,000 files of 0-2 KiB.

    gen-manyfiles.py create DIR [--files 1000000] [--seed 42]
    gen-manyfiles.py mutate DIR [--percent 1] [--seed 42]

create: DIR/gNNN/dNN/fNNN.dat, 100 folders of 1,000 files per group, the last folder short when
--files is not a multiple of 1,000. Each file is a one-line header naming it (so no two files are
alike and deduplication cannot fold them) and a slice of 0-2,048 bytes at a seeded offset of one
4 MiB pool, half log-like text, half random bytes (so compressors have work of both kinds). Same
seed and count, same bytes. Fast: one pool, two random numbers and one write per file.

mutate: one deterministic change round touching --percent of the files (by a seeded draw per
file): 80 % of those rewritten with new content, 10 % deleted, 10 % get a new sibling file.
DIR must exist; run it on a copy (the bench mutates each round's fresh copy).
"""
import argparse
import os
import random
import sys

FILES_PER_DIR = 1000
DIRS_PER_GROUP = 100
MAX_SIZE = 2048
POOL = 1 << 22


def pool(seed):
    rng = random.Random(seed)
    words = [b"GET", b"POST", b"200", b"404", b"user", b"order", b"session", b"ok", b"retry", b"cache", b"db", b"ms"]
    text = bytearray()
    while len(text) < POOL // 2:
        line = b"2026-12-%02d %02d:%02d:%02d " % (rng.randrange(1, 29), rng.randrange(24), rng.randrange(60), rng.randrange(60))
        line += b" ".join(rng.choice(words) for _ in range(rng.randrange(4, 12)))
        line += b" id=%d\n" % rng.randrange(1 << 30)
        text += line
    return bytes(text[:POOL // 2]) + rng.randbytes(POOL // 2)


def content(rng, data, name):
    size = rng.randrange(MAX_SIZE + 1)
    offset = rng.randrange(POOL - MAX_SIZE)
    return (b"%s\n" % name.encode() + data[offset:offset + size])[:size]


def write(path, body):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, body)
    finally:
        os.close(fd)


def create(root, files, seed):
    data = pool(seed)
    rng = random.Random(seed + 1)
    os.makedirs(root, exist_ok=True)
    for first in range(0, files, FILES_PER_DIR):
        folder = first // FILES_PER_DIR
        rel = "g%03d/d%02d" % (folder // DIRS_PER_GROUP, folder % DIRS_PER_GROUP)
        d = os.path.join(root, rel)
        os.makedirs(d, exist_ok=True)
        for i in range(first, min(first + FILES_PER_DIR, files)):
            name = "f%03d.dat" % (i % FILES_PER_DIR)
            write(os.path.join(d, name), content(rng, data, rel + "/" + name))


def mutate(root, percent, seed):
    data = pool(seed)
    rng = random.Random(seed + 2)
    share = percent / 100.0
    counts = {"rewritten": 0, "deleted": 0, "added": 0}
    for group in sorted(os.listdir(root)):
        for folder in sorted(os.listdir(os.path.join(root, group))):
            d = os.path.join(root, group, folder)
            for name in sorted(os.listdir(d)):
                if rng.random() >= share:
                    continue
                kind = rng.random()
                path = os.path.join(d, name)
                if kind < 0.8:
                    write(path, content(rng, data, "%s/%s/%s rewritten" % (group, folder, name)))
                    counts["rewritten"] += 1
                elif kind < 0.9:
                    os.unlink(path)
                    counts["deleted"] += 1
                else:
                    added = "n" + name
                    write(os.path.join(d, added), content(rng, data, "%s/%s/%s" % (group, folder, added)))
                    counts["added"] += 1
    print("mutated %s: %s" % (root, ", ".join("%d %s" % (n, k) for k, n in counts.items())))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["create", "mutate"])
    parser.add_argument("dir")
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--percent", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.command == "create":
        if args.files <= 0:
            parser.error("--files must be positive")
        create(args.dir, args.files, args.seed)
    else:
        if not os.path.isdir(args.dir):
            parser.error("%s is not a folder" % args.dir)
        mutate(args.dir, args.percent, args.seed)


if __name__ == "__main__":
    main(sys.argv[1:])
