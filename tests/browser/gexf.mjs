// Reads GEXF files with graphology-gexf (the reader of Gephi Lite) and checks each against
// the XML itself: node and edge counts, every attvalue, and the time of every dated node and
// edge (its `start`, or its spells) as the `first`/`last` attributes graphology keeps.
// Prints one JSON array (one object per file); exits 1 when a file fails, 2 on bad usage.
//
//   node gexf.mjs FILE.gexf...
import { readFileSync } from "node:fs";
import graphology from "graphology";
import gexf from "graphology-gexf";
import { DOMParser } from "@xmldom/xmldom";

const files = process.argv.slice(2);
if (!files.length) {
  console.error("gexf.mjs: give GEXF files");
  process.exit(2);
}

function checkFile(file) {
  const xml = readFileSync(file, "utf8");
  const out = { file, failures: [] };
  const fail = (why) => out.failures.push(why);
  let graph;
  try {
    graph = gexf.parse(graphology.Graph, xml);
  } catch (e) {
    fail(`graphology-gexf cannot parse it: ${e.message}`);
    return out;
  }
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const nodes = Array.from(doc.getElementsByTagName("node"));
  const edges = Array.from(doc.getElementsByTagName("edge"));
  out.xmlNodes = nodes.length;
  out.xmlEdges = edges.length;
  out.nodes = graph.order;
  out.edges = graph.size;
  out.multi = graph.multi;
  out.type = graph.type;
  if (graph.order !== nodes.length) fail(`${graph.order} nodes read, ${nodes.length} in the file`);
  if (graph.size !== edges.length) fail(`${graph.size} edges read, ${edges.length} in the file`);

  let attvalues = 0;
  const mismatches = [];
  const compare = (what, attrs, element) => {
    for (const v of Array.from(element.getElementsByTagName("attvalue"))) {
      attvalues++;
      const key = v.getAttribute("for");
      const want = v.getAttribute("value");
      const got = attrs[key];
      if (got === undefined || String(got) !== want) mismatches.push(`${what} ${key}: file ${JSON.stringify(want)}, read ${JSON.stringify(got)}`);
    }
  };
  let datedNodes = 0, datedEdges = 0, timeKept = 0;
  const timeLost = [];
  for (const n of nodes) {
    const id = n.getAttribute("id");
    if (!graph.hasNode(id)) { mismatches.push(`node ${id} missing`); continue; }
    const attrs = graph.getNodeAttributes(id);
    compare(`node ${id}`, attrs, n);
    if (attrs.label !== (n.getAttribute("label") || undefined) && n.getAttribute("label")) mismatches.push(`node ${id} label`);
    const start = n.getAttribute("start");
    if (start) {
      datedNodes++;
      if (attrs.first === start) timeKept++;
      else timeLost.push(`node ${id}: start ${start}, read first=${attrs.first}`);
    }
  }
  for (const e of edges) {
    const id = e.getAttribute("id");
    if (!graph.hasEdge(id)) { mismatches.push(`edge ${id} missing`); continue; }
    const attrs = graph.getEdgeAttributes(id);
    if (graph.source(id) !== e.getAttribute("source") || graph.target(id) !== e.getAttribute("target"))
      mismatches.push(`edge ${id} ends`);
    compare(`edge ${id}`, attrs, e);
    const spells = Array.from(e.getElementsByTagName("spell"));
    const starts = spells.map((s) => s.getAttribute("start")).concat(e.getAttribute("start") ? [e.getAttribute("start")] : []);
    const ends = spells.map((s) => s.getAttribute("end")).concat(e.getAttribute("end") ? [e.getAttribute("end")] : []);
    if (starts.length) {
      datedEdges++;
      const first = starts.sort()[0], last = ends.sort()[ends.length - 1];
      if (attrs.first === first && attrs.last === last) timeKept++;
      else timeLost.push(`edge ${id}: spells ${first}..${last}, read first=${attrs.first} last=${attrs.last}`);
    }
  }
  out.attvalues = attvalues;
  out.datedNodes = datedNodes;
  out.datedEdges = datedEdges;
  out.timeKept = timeKept;
  if (mismatches.length) fail(`${mismatches.length} attribute mismatch(es), first: ${mismatches.slice(0, 5).join("; ")}`);
  if (timeLost.length) fail(`${timeLost.length} dated element(s) lose their time, first: ${timeLost.slice(0, 5).join("; ")}`);
  return out;
}

const results = files.map(checkFile);
console.log(JSON.stringify(results, null, 1));
process.exit(results.every((r) => r.failures.length === 0) ? 0 : 1);
