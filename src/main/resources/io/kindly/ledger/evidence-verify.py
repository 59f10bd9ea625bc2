#!/usr/bin/env python3
"""Checks a Kindly evidence bundle with nothing but Python 3: python3 verify.py [evidence.json]

1. Run `sha256sum -c SHA256SUMS` first: the files are as written.
2. This script recomputes every entry's hashes (format: README.md, "Tamper evidence") and checks that each entry
   links to the one before it, from position 1, with no gap; and, when the bundle names a signed checkpoint, that the
   chain reaches the position and hash it records. The checkpoint's own signature needs the lender's key: ask the
   lender to run `kindly ledger verify`, or compare the line for this chain in their checkpoint file.
Exit code 0: the chain holds; 1: it does not (the first problem is printed).
"""
import hashlib
import json
import sys


def canon(kind, fields):
    text = kind + "\n"
    for name, value in fields:
        if value is None:
            text += name + ":-\n"
        else:
            text += "%s:%d:%s\n" % (name, len(value.encode("utf-8")), value)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(path):
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    prev, seq = "0" * 64, 0
    for e in bundle["entries"]:
        where = "entry %s (position %s)" % (e["entry_id"], e["chain_seq"])
        if e["erased"] != "true" and canon("kindly-personal-v1", e["personal_fields"]) != e["personal_hash"]:
            return fail(where + ": its personal fields (address, content) do not match its hash: altered")
        if canon("kindly-entry-v1", e["entry_fields"]) != e["entry_hash"]:
            return fail(where + ": its contents do not match its hash: altered")
        if int(e["chain_seq"]) != seq + 1:
            return fail(where + ": expected position %d: an entry is missing or out of order" % (seq + 1))
        if e["prev_hash"] != prev:
            return fail(where + ": it does not link to the entry before it")
        prev, seq = e["entry_hash"], seq + 1
    cp = bundle.get("checkpoint")
    if cp and "chain_entries" in cp:
        n = cp["chain_entries"]
        if seq < n:
            return fail("the checkpoint records %d entries; the bundle has %d: entries were removed" % (n, seq))
        if bundle["entries"][n - 1]["entry_hash"] != cp["chain_head_hash"]:
            return fail("position %d differs from the checkpoint: the chain was rewritten" % n)
    print("OK: %d entries of loan %s, chain intact%s" % (seq, bundle["loan_id"],
          ", reaching checkpoint " + cp["file"] if cp and "chain_entries" in cp else ""))
    return 0


def fail(message):
    print("BROKEN: " + message)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "evidence.json"))
