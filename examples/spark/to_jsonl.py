#!/usr/bin/env python3
"""Turns a corpus directory into one JSON Lines file (one article per line) that `kg` reads as
it reads the directory: each `.txt` file (sorted by name) becomes {"id": file stem, "text": its
text, and the outlet, url, date and title that `metadata.json` gives for it}; the lines of each
`.jsonl` file are copied as they are. Empty, binary and non-UTF-8 files are skipped with a
warning on stderr, as `kg` skips them.

Usage: to_jsonl.py CORPUS_DIR [OUTPUT.jsonl]   (standard output when no output is given)
"""

import json
import os
import sys


def records(corpus):
    meta_path = os.path.join(corpus, "metadata.json")
    meta = {}
    if os.path.isfile(meta_path):
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if name.endswith(".jsonl"):
            with open(path, "rb") as f:
                for line in f:
                    yield line.rstrip(b"\n").decode("utf-8", errors="replace")
            continue
        if not name.endswith(".txt"):
            continue
        with open(path, "rb") as f:
            data = f.read()
        if not data.strip() or b"\0" in data:
            print(f"{path}: skipped: empty or binary", file=sys.stderr)
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            print(f"{path}: skipped: invalid UTF-8 at byte {e.start}", file=sys.stderr)
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        stem = name[: -len(".txt")]
        rec = {"id": stem, "text": text}
        for field in ("outlet", "url", "date", "title"):
            value = meta.get(stem, {}).get(field)
            if value is not None:
                rec[field] = value
        yield json.dumps(rec, ensure_ascii=False)


def main(argv):
    if len(argv) not in (2, 3):
        raise SystemExit(__doc__)
    out = open(argv[2], "w", encoding="utf-8") if len(argv) == 3 else sys.stdout
    with out:
        for line in records(argv[1]):
            out.write(line + "\n")


if __name__ == "__main__":
    main(sys.argv)
