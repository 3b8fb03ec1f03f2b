#!/usr/bin/env python3
"""Loads a `kg export --format cypher` script into Kùzu (an embedded openCypher database),
checks its node and relationship counts against the saved graph, runs the README's three
questions as Cypher queries and compares their rows with `kg query --format json`.

Usage: run_queries.py GRAPH.json SCRIPT.cypher SAID.json PATH.json PATHS.json TIMELINE.json
(SAID: `said --about nato`; PATH: `path joe_biden dmitry_peskov`; PATHS: the same with `--all
--max-len L`, L the length of PATH; TIMELINE: `timeline --entity geneva`). Prints one summary
line and exits 0 when everything matches; prints the differences and exits 1 otherwise;
exits 3 when the kuzu package is missing.

Kùzu needs tables before MERGE: the preamble below creates one node table per label (the
properties the script sets) and one relationship table per type, its FROM/TO pairs read from
the script's own MATCH clauses. The script's `constraints` and `labels` sections are Neo4j
syntax (Kùzu has neither uniqueness constraints, a primary key being unique already, nor
extra labels) and are left out; its `nodes` and `relationships` sections run unchanged.
"""

import json
import os
import re
import shutil
import sys
import tempfile

try:
    import kuzu
except ImportError:
    print("kuzu is not installed", file=sys.stderr)
    sys.exit(3)

COMMON = ("id STRING, key STRING, name STRING, class STRING, kind STRING, state STRING, "
          "role STRING, provisional BOOLEAN, mentions INT64, statements INT64, sources INT64, "
          "first DATE, last DATE")
NODE_TABLES = {
    "Entity": COMMON + ", entity STRING",
    "Statement": COMMON + ", text STRING, act STRING, cue STRING, speech STRING, evidence STRING[]",
    "Event": COMMON + ", text STRING, date_source STRING, mode STRING, evidence STRING[]",
    "Document": COMMON + ", document STRING, title STRING, outlet STRING, url STRING",
}
REL_PROPS = "weight INT64, acts STRING, role STRING, first DATE, last DATE"
REL_RE = re.compile(r"MATCH \(a:(\w+) \{id: row\.source\}\) MATCH \(b:(\w+) \{id: row\.target\}\) "
                    r"MERGE \(a\)-\[r:(\w+)\]->\(b\)")


def statements(script):
    """Splits a script into (section, statement) pairs: `;` ends a statement outside string
    literals (which may hold `;` and line breaks); `// ` lines outside statements are comments,
    `// :section NAME` starting a section."""
    out, section, cur, quote, i = [], None, [], None, 0
    while i < len(script):
        c = script[i]
        if quote:
            cur.append(c)
            if c == "\\":
                cur.append(script[i + 1])
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
            cur.append(c)
        elif c == ";":
            out.append((section, "".join(cur).strip()))
            cur = []
        elif c == "/" and script.startswith("//", i) and not "".join(cur).strip():
            end = script.find("\n", i)
            end = len(script) if end < 0 else end
            line = script[i:end]
            if line.startswith("// :section "):
                section = line[len("// :section "):].strip()
            i = end
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        raise SystemExit(f"unterminated statement at the end: {''.join(cur)[:80]!r}")
    return out


def rows(conn, q):
    r = conn.execute(q)
    out = []
    while r.has_next():
        out.append(r.get_next())
    return out


def load(conn, script):
    parts = statements(script)
    sections = sorted({s for s, _ in parts})
    if sections != ["constraints", "labels", "nodes", "relationships"]:
        raise SystemExit(f"unexpected sections {sections}")
    for label, cols in NODE_TABLES.items():
        conn.execute(f"CREATE NODE TABLE {label}({cols}, PRIMARY KEY(id))")
    pairs = {}
    for _, st in parts:
        m = REL_RE.search(st)
        if m:
            pairs.setdefault(m.group(3), set()).add((m.group(1), m.group(2)))
    for rel, ends in sorted(pairs.items()):
        froms = ", ".join(f"FROM {a} TO {b}" for a, b in sorted(ends))
        conn.execute(f"CREATE REL TABLE {rel}({froms}, {REL_PROPS})")
    run = 0
    for section, st in parts:
        if section in ("nodes", "relationships"):
            conn.execute(st)
            run += 1
    return run


def graph_counts(path):
    g = json.load(open(path, encoding="utf-8"))["graph"]["graph"]
    nodes = sum(1 for n in g["nodes"] if n is not None)
    edges = [e for e in g["edges"] if e is not None]
    # Parallel edges of one kind (a person holding two offices in one body) are one
    # relationship, as in every export: its `role` lists both titles.
    distinct = {(e[2]["kind"], e[0], e[1]) for e in edges}
    return nodes, len(edges), len(distinct)


def cite(c):
    return f"{c['doc']}:{c['line']}" if c.get("line") else f"{c['doc']}@{c['span']['start']}-{c['span']['end']}"


def ids(v):
    """A collected list, sorted, without the nulls an OPTIONAL MATCH adds."""
    return sorted(x for x in (v or []) if x is not None)


def day(d):
    return None if d is None else str(d)


SAID = """
MATCH (sp:Entity)-[:SAID]->(s:Statement)-[:ABOUT]->(:Entity {entity: $about})
MATCH (s)-[:ABOUT]->(a:Entity)
WITH sp, s, collect(a.entity) AS about
RETURN s.first AS date, sp.entity AS speaker, s.act AS act, about, s.text AS text,
       s.sources AS docs, s.evidence AS evidence
ORDER BY s.first IS NULL, s.first, sp.entity, s.key
"""

TIMELINE = """
MATCH (:Entity {entity: $entity})-[:SAID|ABOUT|PARTICIPATED_IN|HELD_IN]-(x)
WITH DISTINCT x
OPTIONAL MATCH (w:Entity)-[:SAID|PARTICIPATED_IN]->(x)
WITH x, collect(w.entity) AS who
OPTIONAL MATCH (x)-[:ABOUT]->(a:Entity)
WITH x, who, collect(a.entity) AS about
OPTIONAL MATCH (x)-[:HELD_IN]->(p:Entity)
RETURN x.first AS date, x.class AS what, coalesce(x.act, x.kind) AS kind, who, about,
       p.entity AS place, x.text AS text, x.evidence AS evidence, x.key AS key
ORDER BY x.first IS NULL, x.first, x.key
"""

PATHS = """
MATCH p = (a:Entity {entity: $from})-[:SAID_ABOUT|PARTICIPATED_IN|PART_OF|HOLDS_ROLE* ALL SHORTEST 1..12]-(b:Entity {entity: $to})
RETURN nodes(p)
"""


def compare(name, got, want, problems):
    if got != want:
        problems.append(f"{name}: the database gives {len(got)} row(s), kg query {len(want)}")
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                problems.append(f"  first difference at row {i}:\n    cypher: {g}\n    kg:     {w}")
                break
        for extra in got[len(want):][:3]:
            problems.append(f"  cypher only: {extra}")
        for extra in want[len(got):][:3]:
            problems.append(f"  kg only: {extra}")


def main(argv):
    if len(argv) != 7:
        raise SystemExit(__doc__)
    graph, script, said_f, path_f, paths_f, timeline_f = argv[1:]
    problems = []
    tmp = tempfile.mkdtemp(prefix="newsgraph-kuzu-")
    try:
        db = kuzu.Database(os.path.join(tmp, "db"))
        conn = kuzu.Connection(db)
        ran = load(conn, open(script, encoding="utf-8").read())
        nodes = rows(conn, "MATCH (n) RETURN count(n)")[0][0]
        rels = rows(conn, "MATCH ()-[r]->() RETURN count(r)")[0][0]
        g_nodes, g_edges, g_distinct = graph_counts(graph)
        if (nodes, rels) != (g_nodes, g_distinct):
            problems.append(f"counts: database {nodes} nodes, {rels} relationships; graph "
                            f"{g_nodes} nodes, {g_distinct} distinct edges ({g_edges} edges)")

        said = [[day(r[0]), r[1], r[2], ids(r[3]), r[4], r[5], ids(r[6])]
                for r in rows_p(conn, SAID, {"about": "nato"})]
        want = [[r["date"], r["speaker"], r["act"], sorted(r["about"]), r["text"], r["sources"],
                 sorted({cite(c) for c in r["evidence"]})]
                for r in json.load(open(said_f, encoding="utf-8"))]
        compare("said --about nato", said, want, problems)

        tl = [[day(r[0]), r[1], r[2], ids(r[3]), ids(r[4]), r[5], r[6], ids(r[7]), r[8]]
              for r in rows_p(conn, TIMELINE, {"entity": "geneva"})]
        want = [[r["date"], r["what"], r["kind"], sorted(r["who"]), sorted(r["about"]), r["place"],
                 r["text"], sorted({cite(c) for c in r["evidence"]}), r["key"]]
                for r in json.load(open(timeline_f, encoding="utf-8"))]
        compare("timeline --entity geneva", tl, want, problems)

        found = rows_p(conn, PATHS, {"from": "joe_biden", "to": "dmitry_peskov"})
        seqs = sorted({tuple(n.get("entity") or n.get("key") for n in r[0]) for r in found})
        kg_one = json.load(open(path_f, encoding="utf-8"))
        kg_all = json.load(open(paths_f, encoding="utf-8"))
        def seq(p):
            return tuple([p["from"]] + [h["to"] for h in p["hops"]])
        shortest = min((p["len"] for p in kg_all), default=None)
        want_seqs = sorted({seq(p) for p in kg_all if p["len"] == shortest})
        if isinstance(kg_one, list):
            kg_one = kg_one[0] if kg_one else None
        if kg_one is None:
            problems.append("path: kg query finds no path")
        elif seq(kg_one) not in seqs:
            problems.append(f"path: kg's path {seq(kg_one)} is not among the database's shortest paths")
        compare("path joe_biden dmitry_peskov (all shortest)", [list(s) for s in seqs],
                [list(s) for s in want_seqs], problems)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if problems:
        print("\n".join(problems))
        return 1
    plen = len(seqs[0]) - 1 if seqs else 0
    print(f"ok: {ran} statements; {nodes} nodes, {rels} relationships ({g_edges} graph edges); "
          f"{len(said)} said rows, {len(tl)} timeline rows, {len(seqs)} shortest path(s) of {plen} hop(s) equal")
    return 0


def rows_p(conn, q, params):
    r = conn.execute(q, params)
    out = []
    while r.has_next():
        out.append(r.get_next())
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv))
