#!/usr/bin/env python3
"""Extraction of a corpus on Apache Spark: each partition of a JSON Lines corpus (one article
per line) is written to a temporary file and given to `kg extract --facts`, whose facts (one
JSON line per document) are saved as text files; `kg merge` of those files gives the graph
`kg build` gives on the whole corpus.

Usage:
  spark-submit extract.py [--kg PATH] [--schemas DIR] [--master URL] [--partitions N]
                          INPUT.jsonl OUTPUT_DIR [INPUT.jsonl OUTPUT_DIR ...]
  (or `python extract.py ...` with pyspark installed; --master defaults to local[2])

Several (input, output) pairs run in one Spark context. Records without an `id` get the one
`kg` gives them when it reads the whole file (`STEM-LINE`, the 1-based line in INPUT), so
that the facts do not depend on how the file is split. OUTPUT_DIR must not exist (Spark's
rule); the facts are in OUTPUT_DIR/part-*.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from pyspark import SparkConf, SparkContext


def with_ids(stem):
    """Gives a record without an id the id `kg` reads it with: STEM-LINE."""

    def fix(pair):
        line, index = pair
        if not line.strip():
            return []
        try:
            rec = json.loads(line)
        except ValueError:
            return [line]  # kg warns about it and skips it, as it would in the whole file
        if isinstance(rec, dict) and not (
            (isinstance(rec.get("id"), str) and rec["id"].strip())
            or (isinstance(rec.get("id"), (int, float)) and not isinstance(rec.get("id"), bool))
        ):
            rec["id"] = f"{stem}-{index + 1}"
            return [json.dumps(rec, ensure_ascii=False)]
        return [line]

    return fix


def extractor(kg, schemas):
    """The function run on each partition: its lines through `kg extract --facts`."""

    def run(lines):
        lines = list(lines)
        if not lines:
            return iter(())
        tmp = tempfile.mkdtemp(prefix="kg-spark-")
        try:
            path = os.path.join(tmp, "part.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                for line in lines:
                    f.write(line + "\n")
            cmd = [kg, "-q"]
            if schemas:
                cmd += ["--schemas", schemas]
            cmd += ["extract", path, "--facts", "-j", "1"]
            done = subprocess.run(cmd, capture_output=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): "
                                   f"{done.stderr.decode('utf-8', 'replace')}")
            out = done.stdout.decode("utf-8").splitlines()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return iter(out)

    return run


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kg", default=shutil.which("kg") or "kg", help="the kg binary")
    p.add_argument("--schemas", help="schema directory (kg's default: ./schemas)")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("pairs", nargs="+", metavar="INPUT OUTPUT")
    args = p.parse_args(argv[1:])
    if len(args.pairs) % 2:
        p.error("give INPUT OUTPUT pairs")
    kg = os.path.abspath(args.kg) if os.path.exists(args.kg) else args.kg
    schemas = os.path.abspath(args.schemas) if args.schemas else None
    conf = (SparkConf().setAppName("newsgraph-extract").setMaster(args.master)
            .set("spark.ui.showConsoleProgress", "false").set("spark.ui.enabled", "false"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        for inp, out in zip(args.pairs[::2], args.pairs[1::2]):
            stem = os.path.splitext(os.path.basename(inp))[0]
            lines = sc.textFile(os.path.abspath(inp), minPartitions=args.partitions)
            facts = lines.zipWithIndex().flatMap(with_ids(stem)).mapPartitions(extractor(kg, schemas))
            facts.saveAsTextFile(os.path.abspath(out))
            print(f"{inp}: facts in {out}", file=sys.stderr)
    finally:
        sc.stop()


if __name__ == "__main__":
    main(sys.argv)
