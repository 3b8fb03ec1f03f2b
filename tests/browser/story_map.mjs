// Drives a story map (kg export --format html) in headless Chromium through puppeteer-core
// and prints one JSON object of results; exits 1 when a check fails, 2 on bad usage.
//
//   node story_map.mjs check FILE --search TEXT --expect KEY --cutoff YYYY-MM-DD
//   node story_map.mjs hostile FILE --node KEY --text TEXT [--text TEXT...]
//   node story_map.mjs screenshot FILE OUT.png --node KEY [--width W --height H]
//   node story_map.mjs bench FILE
//
// The browser is $CHROMIUM (default /usr/bin/chromium); nothing is downloaded.
import puppeteer from "puppeteer-core";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { writeFileSync } from "node:fs";

const BACKGROUND = [0xfd, 0xfd, 0xfc];

function parseArgs(argv) {
  const pos = [];
  const opts = { text: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const k = a.slice(2);
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      if (k === "text") opts.text.push(v);
      else opts[k] = v;
    } else pos.push(a);
  }
  return { pos, opts };
}

function usage(msg) {
  console.error(`story_map.mjs: ${msg}`);
  process.exit(2);
}

async function open(file, { width = 1400, height = 900 } = {}) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless=new",
      "--no-sandbox",
      ...(process.env.STORY_MAP_GL_FLAGS ?? "--use-angle=swiftshader --enable-unsafe-swiftshader --disable-gpu-compositing").split(" ").filter(Boolean),
      "--no-first-run",
      "--disable-extensions",
      `--window-size=${width},${height}`,
    ],
  });
  const page = await browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  const errors = [];
  const requests = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith("file:") && !u.startsWith("data:") && !u.startsWith("about:")) requests.push(u);
  });
  const url = pathToFileURL(resolve(file)).href;
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.storyMap && window.storyMap.sigma, { timeout: 60000 });
  // First frame drawn: two animation frames after the hook exists.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const loadMs = Date.now() - t0;
  return { browser, page, errors, requests, loadMs };
}

/** Non-background pixels of a PNG screenshot, counted by decoding it in a blank page. */
async function inkPixels(browser, png) {
  const p = await browser.newPage();
  try {
    return await p.evaluate(async (b64, bg) => {
      const img = new Image();
      img.src = "data:image/png;base64," + b64;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      const colours = new Set();
      for (let i = 0; i < d.length; i += 4) {
        const off = Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]);
        if (off > 24) {
          ink++;
          if (colours.size < 64) colours.add((d[i] >> 4) * 256 + (d[i + 1] >> 4) * 16 + (d[i + 2] >> 4));
        }
      }
      return { ink, total: d.length / 4, colours: colours.size };
    }, Buffer.from(png).toString("base64"), BACKGROUND);
  } finally {
    await p.close();
  }
}

/** The viewport position of a node, in page coordinates. */
async function nodePoint(page, key) {
  return page.evaluate((k) => {
    const sm = window.storyMap;
    const a = sm.graph.getNodeAttributes(k);
    const v = sm.sigma.graphToViewport({ x: a.x, y: a.y });
    const r = document.getElementById("map").getBoundingClientRect();
    return { x: r.left + v.x, y: r.top + v.y };
  }, key);
}

const panelStatements = (page) =>
  page.$$eval("#panel li.statement", (lis) =>
    lis.map((li) => ({
      date: li.querySelector(".date")?.textContent ?? "",
      text: li.querySelector("blockquote")?.textContent ?? "",
      src: Array.from(li.querySelectorAll(".src code")).map((c) => c.textContent).join(" · "),
      source: li.querySelector(".src")?.textContent ?? "",
    })),
  );

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until the camera stops moving and a frame is drawn after. */
async function settle(page) {
  await page.waitForFunction(() => !window.storyMap.sigma.getCamera().isAnimated(), { timeout: 30000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function check(file, o) {
  if (!o.search || !o.expect || !o.cutoff) usage("check needs --search, --expect and --cutoff");
  const out = { checks: {}, failures: [] };
  const fail = (name, why) => out.failures.push(`${name}: ${why}`);
  const { browser, page, errors, requests, loadMs } = await open(file);
  try {
    out.loadMs = loadMs;
    // 1. Loads cleanly and draws.
    const shot = await (await page.$("#map")).screenshot({ type: "png" });
    const ink = await inkPixels(browser, shot);
    const order = await page.evaluate(() => window.storyMap.graph.order);
    out.checks.draws = { ...ink, nodes: order };
    if (ink.ink < 500) fail("draws", `only ${ink.ink} non-background pixels in the map`);
    if (ink.colours < 3) fail("draws", `only ${ink.colours} colours in the map`);
    if (order === 0) fail("draws", "the graph has no node");

    // 2. Search and choose the entry.
    await page.click("#search");
    await page.type("#search", o.search, { delay: 20 });
    await page.waitForSelector("#suggestions li[role=option]", { visible: true, timeout: 5000 });
    const options = await page.$$eval("#suggestions li[role=option]", (lis) =>
      lis.map((li) => ({ key: li.dataset.key, text: li.textContent })),
    );
    out.checks.search = { options };
    const pick = await page.$(`#suggestions li[data-key="${o.expect}"]`);
    if (!pick) fail("search", `no suggestion for ${o.expect} among ${JSON.stringify(options)}`);
    else {
      await pick.click();
      await sleep(50);
      await settle(page);
      const st = await page.evaluate(() => window.storyMap.state());
      out.checks.search.state = st;
      if (st.focused !== o.expect || st.selected !== o.expect)
        fail("search", `focused ${st.focused}, selected ${st.selected}, expected ${o.expect}`);
      const camera = await page.evaluate(() => window.storyMap.sigma.getCamera().getState());
      out.checks.search.camera = camera;
      if (!(camera.ratio < 1)) fail("search", `camera did not zoom in (ratio ${camera.ratio})`);
    }

    // 3. A real click on the node opens its panel with a statement and its document:line.
    await page.evaluate(() => {
      document.getElementById("search").blur();
      window.storyMap.reset();
    });
    await sleep(50);
    await settle(page);
    const before = await page.evaluate(() => window.storyMap.state());
    if (before.selected !== null) fail("click", "reset left a selection");
    const pt = await nodePoint(page, o.expect);
    await page.mouse.move(pt.x, pt.y);
    await sleep(100);
    await page.mouse.click(pt.x, pt.y);
    await page.waitForFunction(() => window.storyMap.state().selected !== null, { timeout: 5000 }).catch(() => {});
    const clicked = await page.evaluate(() => window.storyMap.state());
    const sts = await panelStatements(page);
    const heading = await page.$eval("#panel h2", (h) => h.textContent);
    out.checks.click = { point: pt, selected: clicked.selected, heading, statements: sts.length, first: sts[0] };
    if (clicked.selected !== o.expect) fail("click", `the click selected ${clicked.selected}`);
    const cited = sts.filter((s) => /^[A-Za-z0-9_.-]+:\d+/.test(s.src));
    if (!cited.length) fail("click", `no statement with document:line in the panel (${JSON.stringify(sts)})`);

    // 3b. A real click on the middle of one of its said_about edges lists that edge's
    // statements (as many as its weight).
    await page.evaluate(() => window.storyMap.reset());
    await sleep(50);
    await settle(page);
    const edge = await page.evaluate((k) => {
      const sm = window.storyMap;
      const D = sm.data;
      let best = null;
      sm.graph.forEachOutEdge(k, (e, a, s, t) => {
        const d = D.edges[Number(e.slice(1))];
        if (d.kind === "said_about" && (best === null || d.w > best.w)) best = { key: e, w: d.w, target: t };
      });
      if (!best) return null;
      const p = (n) => { const a = sm.graph.getNodeAttributes(n); return sm.sigma.graphToViewport({ x: a.x, y: a.y }); };
      const a = p(k), b = p(best.target);
      const r = document.getElementById("map").getBoundingClientRect();
      return { ...best, x: r.left + (a.x + b.x) / 2, y: r.top + (a.y + b.y) / 2 };
    }, o.expect);
    if (!edge) fail("edge", `${o.expect} has no said_about edge`);
    else {
      await page.mouse.move(edge.x, edge.y);
      await sleep(100);
      await page.mouse.click(edge.x, edge.y);
      await page.waitForFunction(() => window.storyMap.state().edge !== null, { timeout: 5000 }).catch(() => {});
      const st = await page.evaluate(() => window.storyMap.state());
      const listed = await panelStatements(page);
      out.checks.edge = { edge, selected: st.edge, statements: listed.length };
      if (st.edge !== edge.key) fail("edge", `the click selected edge ${st.edge}, expected ${edge.key}`);
      if (listed.length !== edge.w) fail("edge", `the panel lists ${listed.length} statement(s), the edge has ${edge.w}`);
    }

    // 4. The date range: end it before the cutoff.
    const plan = await page.evaluate((cutoff) => {
      const D = window.storyMap.data;
      const month = cutoff.slice(0, 7);
      // The entity with most statements (by or about it) in the month after the cutoff.
      const score = new Map();
      const late = (d) => d && d >= cutoff;
      D.statements.forEach((s) => {
        if (!late(s.d)) return;
        const who = new Set([s.by, ...s.about].filter((i) => i >= 0));
        who.forEach((i) => score.set(i, (score.get(i) || 0) + 1));
      });
      let best = -1;
      score.forEach((n, i) => { if (best < 0 || n > score.get(best) || (n === score.get(best) && i < best)) best = i; });
      const dates = D.meta.dates;
      const last = dates.filter((d) => d < cutoff).length - 1;
      // Edges still shown when the range ends at dates[last]: any statement dated in range.
      const lo = dates[0], hi = dates[last];
      const expected = D.edges.filter((e) => e.kind !== "said_about" || e.st.some((k) => {
        const d = D.statements[k].d; return d && d >= lo && d <= hi;
      })).length;
      return { key: best >= 0 ? D.nodes[best].key : null, last, lastDate: hi, expectedEdges: expected, month, total: D.edges.length };
    }, o.cutoff);
    out.checks.dates = { plan };
    if (!plan.key) fail("dates", `no statement on or after ${o.cutoff} in the data`);
    else if (plan.last < 0) fail("dates", `no date before ${o.cutoff} in the data`);
    else {
      await page.evaluate((k) => window.storyMap.select(k), plan.key);
      const beforeSts = await panelStatements(page);
      const lateBefore = beforeSts.filter((s) => s.date >= o.cutoff).length;
      const edgesBefore = await page.evaluate(() => window.storyMap.visibleEdges());
      // Move the "to" slider with the keyboard until it ends before the cutoff.
      await page.focus("#date-to");
      for (let i = 0; i < 400; i++) {
        const label = await page.$eval("#date-to-label", (e) => e.textContent);
        if (label < o.cutoff) break;
        await page.keyboard.press("ArrowLeft");
      }
      const label = await page.$eval("#date-to-label", (e) => e.textContent);
      const afterSts = await panelStatements(page);
      const lateAfter = afterSts.filter((s) => s.date >= o.cutoff || s.date === "undated").length;
      const edgesAfter = await page.evaluate(() => window.storyMap.visibleEdges());
      out.checks.dates = { ...out.checks.dates, label, lateBefore, lateAfter, panelBefore: beforeSts.length, panelAfter: afterSts.length, edgesBefore, edgesAfter };
      if (label !== plan.lastDate) fail("dates", `slider ends at ${label}, expected ${plan.lastDate}`);
      if (lateBefore === 0) fail("dates", `the panel of ${plan.key} showed no statement from ${o.cutoff} before the move`);
      if (lateAfter !== 0) fail("dates", `${lateAfter} statement(s) from ${o.cutoff} on (or undated) still in the panel`);
      if (edgesAfter !== plan.expectedEdges) fail("dates", `${edgesAfter} edges shown, expected ${plan.expectedEdges}`);
      if (!(edgesAfter < edgesBefore)) fail("dates", `edge count did not drop (${edgesBefore} -> ${edgesAfter})`);
    }
    out.checks.errors = errors;
    out.checks.requests = requests;
    if (errors.length) fail("load", errors.join("; "));
    if (requests.length) fail("load", `network requests: ${requests.join(", ")}`);
  } finally {
    await browser.close();
  }
  return out;
}

async function hostile(file, o) {
  if (!o.node || !o.text.length) usage("hostile needs --node and --text");
  const out = { checks: {}, failures: [] };
  const fail = (name, why) => out.failures.push(`${name}: ${why}`);
  const { browser, page, errors, requests } = await open(file);
  try {
    const ok = await page.evaluate((k) => window.storyMap.select(k), o.node);
    if (!ok) fail("hostile", `no node ${o.node}`);
    await sleep(300);
    // Search for the hostile name too: suggestions are built from corpus strings.
    await page.type("#search", o.text[0].slice(0, 6));
    await sleep(300);
    const panelText = await page.$eval("#panel", (p) => p.textContent);
    const pwned = await page.evaluate(() => window.__pwned === undefined ? null : String(window.__pwned));
    const injected = await page.evaluate(() => ({
      imgs: document.querySelectorAll("#panel img, #suggestions img, #legend img").length,
      scripts: document.scripts.length,
    }));
    const missing = o.text.filter((t) => !panelText.includes(t));
    out.checks = { pwned, injected, missing, errors, requests };
    if (pwned !== null) fail("hostile", `a payload ran (window.__pwned = ${pwned})`);
    if (injected.imgs) fail("hostile", `${injected.imgs} <img> element(s) made from corpus text`);
    if (injected.scripts !== 4) fail("hostile", `${injected.scripts} script elements, expected the page's 4`);
    if (missing.length) fail("hostile", `not shown literally in the panel: ${JSON.stringify(missing)}`);
    if (errors.length) fail("hostile", errors.join("; "));
  } finally {
    await browser.close();
  }
  return out;
}

async function screenshot(file, outPng, o) {
  const width = Number(o.width || 1400), height = Number(o.height || 860);
  const { browser, page, errors } = await open(file, { width, height });
  try {
    if (o.node) {
      await page.evaluate((k) => window.storyMap.select(k), o.node);
      const pt = await nodePoint(page, o.node);
      await page.mouse.move(pt.x, pt.y);
    }
    await sleep(400);
    writeFileSync(outPng, await page.screenshot({ type: "png" }));
    return { checks: { errors }, failures: errors.length ? errors : [] };
  } finally {
    await browser.close();
  }
}

async function bench(file) {
  const { browser, page, errors, loadMs } = await open(file);
  try {
    const info = await page.evaluate(() => ({ nodes: window.storyMap.graph.order, edges: window.storyMap.graph.size, timings: window.storyMap.timings }));
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      return { responseEnd: n.responseEnd, domInteractive: n.domInteractive, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    // Frame times while the camera pans programmatically for 3 s.
    const frames = await page.evaluate(() => new Promise((done) => {
      const cam = window.storyMap.sigma.getCamera();
      const start = performance.now();
      const times = [];
      let last = start;
      function step(now) {
        times.push(now - last);
        last = now;
        const t = (now - start) / 1000;
        cam.setState({ x: 0.5 + 0.3 * Math.cos(t * 2), y: 0.5 + 0.3 * Math.sin(t * 2), ratio: 0.6 });
        if (now - start < 3000) requestAnimationFrame(step);
        else done(times.slice(1));
      }
      requestAnimationFrame(step);
    }));
    // Frame times while a real mouse drags the map for 3 s (sigma's own pan handling).
    await page.evaluate(() => {
      window.__frames = [];
      let last = performance.now();
      window.__recording = true;
      const step = (now) => {
        window.__frames.push(now - last);
        last = now;
        if (window.__recording) requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    const box = await page.$eval("#map", (m) => { const r = m.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; });
    const cx = box.x + box.w / 2, cy = box.y + box.h / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    const start = Date.now();
    let k = 0;
    while (Date.now() - start < 3000) {
      k++;
      await page.mouse.move(cx + 200 * Math.cos(k / 10), cy + 150 * Math.sin(k / 10));
      await sleep(16);
    }
    await page.mouse.up();
    const drag = await page.evaluate(() => { window.__recording = false; return window.__frames.slice(1); });
    const stats = (xs) => {
      const f = xs.slice().sort((a, b) => a - b);
      const q = (p) => f[Math.min(f.length - 1, Math.floor(p * f.length))];
      const mean = f.reduce((a, b) => a + b, 0) / Math.max(1, f.length);
      return { frames: f.length, meanMs: Math.round(mean * 10) / 10, p50Ms: q(0.5), p95Ms: q(0.95), maxMs: f[f.length - 1] };
    };
    return {
      checks: { ...info, loadMs, nav, camera: stats(frames), drag: stats(drag), errors },
      failures: errors,
    };
  } finally {
    await browser.close();
  }
}

const [mode, ...rest] = process.argv.slice(2);
const { pos, opts } = parseArgs(rest);
if (!pos[0]) usage("give a mode (check, hostile, screenshot, bench) and a file");
let result;
try {
  if (mode === "check") result = await check(pos[0], opts);
  else if (mode === "hostile") result = await hostile(pos[0], opts);
  else if (mode === "screenshot") result = await screenshot(pos[0], pos[1] || usage("screenshot needs OUT.png"), opts);
  else if (mode === "bench") result = await bench(pos[0]);
  else usage(`unknown mode ${mode}`);
} catch (e) {
  result = { checks: {}, failures: [`driver: ${e && e.stack ? e.stack : e}`] };
}
result.ok = result.failures.length === 0;
console.log(JSON.stringify(result, null, 1));
process.exit(result.ok ? 0 : 1);
