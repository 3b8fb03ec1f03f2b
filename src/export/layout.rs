//! A deterministic ForceAtlas2 layout (Jacomy et al. 2014) for the story map: linear
//! attraction along weighted edges, repulsion between all nodes by degree (Barnes-Hut
//! approximation on a quadtree), gravity towards the centre and Gephi's adaptive speed.
//!
//! Deterministic by construction: initial positions come from a hash of each node id, the
//! iteration count is fixed, and every loop runs serially in index order, so the same input
//! gives bit-identical positions whatever the thread count.

use crate::graph::build::stable_hash;

/// Settings of a layout run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Number of iterations.
    pub iterations: usize,
    /// Repulsion strength (FA2 `kr`).
    pub scaling: f64,
    /// Gravity towards the centre (FA2 `kg`), in FA2's strong mode: proportional to the
    /// distance, so that components without links between them stay near each other.
    pub gravity: f64,
    /// Barnes-Hut opening criterion: a cell is taken as one body when its width over its
    /// distance is below this.
    pub theta: f64,
    /// Exponent applied to edge weights in the attraction (0: ignore weights, 1: linear).
    pub weight_influence: f64,
}

impl Settings {
    /// The settings used for a graph of `n` nodes: fewer iterations as graphs grow, so a
    /// large graph stays within seconds.
    pub fn for_nodes(n: usize) -> Settings {
        Settings {
            iterations: match n {
                0..=500 => 600,
                501..=2_000 => 300,
                _ => 120,
            },
            scaling: 10.0,
            gravity: 0.05,
            theta: 1.2,
            weight_influence: 0.5,
        }
    }
}

/// Positions `ids.len()` nodes joined by `edges` (index pairs with weights; self-loops and
/// out-of-range indices are ignored). Returns one `(x, y)` per node, finite, centred on the
/// origin.
pub fn forceatlas2(ids: &[&str], edges: &[(usize, usize, f64)], s: &Settings) -> Vec<(f64, f64)> {
    let n = ids.len();
    if n == 0 {
        return Vec::new();
    }
    let edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .filter(|(a, b, w)| a != b && *a < n && *b < n && w.is_finite() && *w > 0.0)
        .map(|&(a, b, w)| (a, b, w.powf(s.weight_influence)))
        .collect();
    let mut mass = vec![1.0f64; n];
    for &(a, b, _) in &edges {
        mass[a] += 1.0;
        mass[b] += 1.0;
    }
    let spread = 10.0 * (n as f64).sqrt();
    let mut pos: Vec<(f64, f64)> = ids
        .iter()
        .map(|id| {
            let h = u64::from_str_radix(&stable_hash(id), 16).unwrap_or(0);
            let x = (h & 0xffff_ffff) as f64 / f64::from(u32::MAX);
            let y = (h >> 32) as f64 / f64::from(u32::MAX);
            ((x * 2.0 - 1.0) * spread, (y * 2.0 - 1.0) * spread)
        })
        .collect();
    let mut force = vec![(0.0f64, 0.0f64); n];
    let mut old = vec![(0.0f64, 0.0f64); n];
    let mut speed = 1.0f64;
    let mut efficiency = 1.0f64;
    let mut tree = QuadTree::default();
    for _ in 0..s.iterations {
        std::mem::swap(&mut force, &mut old);
        force.iter_mut().for_each(|f| *f = (0.0, 0.0));
        tree.build(&pos, &mass);
        for i in 0..n {
            let f = tree.repulsion(i, &pos, &mass, s.scaling, s.theta);
            let (x, y) = pos[i];
            let g = s.gravity * mass[i];
            force[i] = (f.0 - x * g, f.1 - y * g);
        }
        for &(a, b, w) in &edges {
            let dx = pos[a].0 - pos[b].0;
            let dy = pos[a].1 - pos[b].1;
            force[a].0 -= dx * w;
            force[a].1 -= dy * w;
            force[b].0 += dx * w;
            force[b].1 += dy * w;
        }
        // Adaptive speed (Gephi's ForceAtlas2): slow down when nodes swing.
        let (mut swinging, mut traction) = (0.0f64, 0.0f64);
        for i in 0..n {
            let (f, o) = (force[i], old[i]);
            swinging += mass[i] * ((f.0 - o.0).powi(2) + (f.1 - o.1).powi(2)).sqrt();
            traction += 0.5 * mass[i] * ((f.0 + o.0).powi(2) + (f.1 + o.1).powi(2)).sqrt();
        }
        let nf = n as f64;
        let estimated = 0.05 * nf.sqrt();
        let mut jt = estimated
            .sqrt()
            .max(estimated.min((estimated * traction / (nf * nf)).clamp(f64::MIN_POSITIVE, 10.0)));
        if traction > 0.0 && swinging / traction > 2.0 {
            if efficiency > 0.05 {
                efficiency *= 0.5;
            }
            jt = jt.max(1.0);
        }
        let target = if swinging > 0.0 {
            jt * efficiency * traction / swinging
        } else {
            speed
        };
        if swinging > jt * traction {
            if efficiency > 0.05 {
                efficiency *= 0.7;
            }
        } else if speed < 1000.0 {
            efficiency *= 1.3;
        }
        speed += (target - speed).min(0.5 * speed);
        for i in 0..n {
            let (f, o) = (force[i], old[i]);
            let swing = mass[i] * ((f.0 - o.0).powi(2) + (f.1 - o.1).powi(2)).sqrt();
            let factor = speed / (1.0 + (speed * swing).sqrt());
            // Never move a node further than the spread in one step.
            let (mut dx, mut dy) = (f.0 * factor, f.1 * factor);
            let len = (dx * dx + dy * dy).sqrt();
            if len > spread {
                dx *= spread / len;
                dy *= spread / len;
            }
            if dx.is_finite() && dy.is_finite() {
                pos[i].0 += dx;
                pos[i].1 += dy;
            }
        }
    }
    let (cx, cy) = pos.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
    let (cx, cy) = (cx / n as f64, cy / n as f64);
    pos.iter()
        .map(|&(x, y)| ((x - cx), (y - cy)))
        .map(|(x, y)| {
            if x.is_finite() && y.is_finite() {
                (x, y)
            } else {
                (0.0, 0.0)
            }
        })
        .collect()
}

/// A Barnes-Hut quadtree rebuilt each iteration: cells in an arena, bodies of a leaf in a
/// range of `order`.
#[derive(Default)]
struct QuadTree {
    cells: Vec<Cell>,
    order: Vec<u32>,
}

/// A cell: its width, total mass and centre of mass, and either four children or (a leaf)
/// a range of bodies.
#[derive(Clone, Copy)]
struct Cell {
    width: f64,
    mass: f64,
    cx: f64,
    cy: f64,
    children: [u32; 4],
    leaf: Option<(u32, u32)>,
}

/// Deeper than this, the bodies left (all but coincident) stay together in one leaf.
const MAX_DEPTH: u32 = 24;

impl QuadTree {
    fn build(&mut self, pos: &[(f64, f64)], mass: &[f64]) {
        self.cells.clear();
        self.order.clear();
        self.order
            .extend(0..u32::try_from(pos.len()).unwrap_or(u32::MAX));
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in pos {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let width = (x1 - x0).max(y1 - y0).max(1e-9);
        let n = self.order.len();
        self.node(pos, mass, 0, n, (x0, y0), width, 0);
    }

    /// Makes the cell of the bodies `order[lo..hi]` in the square at `corner`, returns its
    /// index.
    #[allow(clippy::too_many_arguments)]
    fn node(
        &mut self,
        pos: &[(f64, f64)],
        mass: &[f64],
        lo: usize,
        hi: usize,
        corner: (f64, f64),
        width: f64,
        depth: u32,
    ) -> u32 {
        let me = self.cells.len();
        let (mut m, mut sx, mut sy) = (0.0, 0.0, 0.0);
        for &b in &self.order[lo..hi] {
            let b = b as usize;
            m += mass[b];
            sx += pos[b].0 * mass[b];
            sy += pos[b].1 * mass[b];
        }
        self.cells.push(Cell {
            width,
            mass: m,
            cx: sx / m,
            cy: sy / m,
            children: [u32::MAX; 4],
            leaf: None,
        });
        if hi - lo <= 1 || depth >= MAX_DEPTH {
            self.cells[me].leaf = Some((lo as u32, hi as u32));
            return me as u32;
        }
        let half = width / 2.0;
        let (mx, my) = (corner.0 + half, corner.1 + half);
        let quadrant = |b: u32| {
            let (x, y) = pos[b as usize];
            usize::from(x >= mx) + 2 * usize::from(y >= my)
        };
        // Stable partition into the four quadrants.
        let mut parts: [Vec<u32>; 4] = Default::default();
        for &b in &self.order[lo..hi] {
            parts[quadrant(b)].push(b);
        }
        let mut at = lo;
        let mut bounds = [(0usize, 0usize); 4];
        for (q, p) in parts.iter().enumerate() {
            self.order[at..at + p.len()].copy_from_slice(p);
            bounds[q] = (at, at + p.len());
            at += p.len();
        }
        for (q, &(a, b)) in bounds.iter().enumerate() {
            if a == b {
                continue;
            }
            let c = (
                corner.0 + if q & 1 == 1 { half } else { 0.0 },
                corner.1 + if q & 2 == 2 { half } else { 0.0 },
            );
            let child = self.node(pos, mass, a, b, c, half, depth + 1);
            self.cells[me].children[q] = child;
        }
        me as u32
    }

    /// The repulsion on body `i`: `kr * m_i * m_j / d` away from each other body, cells far
    /// enough taken as one body.
    fn repulsion(
        &self,
        i: usize,
        pos: &[(f64, f64)],
        mass: &[f64],
        kr: f64,
        theta: f64,
    ) -> (f64, f64) {
        let (x, y) = pos[i];
        let (mut fx, mut fy) = (0.0, 0.0);
        let mut push = |dx: f64, dy: f64, m: f64| {
            let d2 = dx * dx + dy * dy;
            if d2 > 0.0 {
                let f = kr * mass[i] * m / d2;
                fx += dx * f;
                fy += dy * f;
            }
        };
        let mut stack = vec![0u32];
        while let Some(c) = stack.pop() {
            let Some(cell) = self.cells.get(c as usize) else {
                continue;
            };
            if let Some((lo, hi)) = cell.leaf {
                for &b in &self.order[lo as usize..hi as usize] {
                    let b = b as usize;
                    if b != i {
                        push(x - pos[b].0, y - pos[b].1, mass[b]);
                    }
                }
                continue;
            }
            let (dx, dy) = (x - cell.cx, y - cell.cy);
            let d = (dx * dx + dy * dy).sqrt();
            if d > 0.0 && cell.width / d < theta {
                push(dx, dy, cell.mass);
            } else {
                stack.extend(cell.children.iter().filter(|&&k| k != u32::MAX));
            }
        }
        (fx, fy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("node{i}")).collect()
    }

    fn run(n: usize, edges: &[(usize, usize, f64)]) -> Vec<(f64, f64)> {
        let names = ids(n);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        forceatlas2(&refs, edges, &Settings::for_nodes(n))
    }

    fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    /// Two dense clusters joined by one edge, plus noise.
    fn clusters() -> Vec<(usize, usize, f64)> {
        let mut e = Vec::new();
        for a in 0..10 {
            for b in a + 1..10 {
                e.push((a, b, 1.0));
                e.push((a + 10, b + 10, 1.0));
            }
        }
        e.push((0, 10, 1.0));
        e
    }

    #[test]
    fn same_input_same_positions() {
        let e = clusters();
        let a = run(25, &e);
        let b = run(25, &e);
        assert_eq!(
            a.iter()
                .map(|p| (p.0.to_bits(), p.1.to_bits()))
                .collect::<Vec<_>>(),
            b.iter()
                .map(|p| (p.0.to_bits(), p.1.to_bits()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn connected_nodes_end_closer_than_unconnected() {
        let e = clusters();
        let p = run(20, &e);
        let mut within = 0.0;
        let mut across = 0.0;
        let (mut nw, mut na) = (0.0, 0.0);
        for a in 0..20 {
            for b in a + 1..20 {
                if (a < 10) == (b < 10) {
                    within += dist(p[a], p[b]);
                    nw += 1.0;
                } else {
                    across += dist(p[a], p[b]);
                    na += 1.0;
                }
            }
        }
        let (within, across) = (within / nw, across / na);
        assert!(
            within * 2.0 < across,
            "mean distance within clusters {within}, across {across}"
        );
    }

    #[test]
    fn no_nan_on_degenerate_input() {
        // Empty, a single node, coincident ids, self-loops, out-of-range and weird weights.
        assert!(run(0, &[]).is_empty());
        assert_eq!(run(1, &[(0, 0, 1.0)]), vec![(0.0, 0.0)]);
        let same = ["x", "x", "x", "x"];
        let p = forceatlas2(
            &same,
            &[
                (0, 1, f64::NAN),
                (1, 2, -3.0),
                (2, 9, 1.0),
                (0, 3, f64::INFINITY),
                (3, 2, 1e12),
            ],
            &Settings::for_nodes(4),
        );
        assert_eq!(p.len(), 4);
        assert!(p.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
    }

    #[test]
    fn large_graph_in_bounded_time() {
        let n = 5_000;
        let mut e = Vec::with_capacity(50_000);
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        while e.len() < 50_000 {
            h ^= h << 13;
            h ^= h >> 7;
            h ^= h << 17;
            // Preferential-ish: low indices are hubs.
            let a = ((h % n as u64) * ((h >> 20) % n as u64) / n as u64) as usize;
            let b = ((h >> 40) % n as u64) as usize;
            e.push((a, b, 1.0 + (h % 3) as f64));
        }
        let start = std::time::Instant::now();
        let p = run(n, &e);
        let took = start.elapsed();
        assert_eq!(p.len(), n);
        assert!(p.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
        // Quadratic repulsion would be 25M pairs per iteration; Barnes-Hut keeps this to
        // seconds in release and well under a minute in a debug build.
        assert!(took.as_secs() < 90, "5k nodes / 50k edges took {took:?}");
    }
}
