//! Order-preserving parallel map over a stream: items are pulled in chunks, each chunk is
//! mapped with rayon, and results come out in input order. Memory holds one chunk of inputs
//! and outputs at a time, whatever the length of the stream.
//!
//! This is the shape a streaming build takes (corpus stream -> extract in parallel -> merge
//! in document order); what is mapped and what is done with the results is the caller's.

use std::collections::VecDeque;

use rayon::prelude::*;

/// Documents per chunk by default: enough to keep two to eight cores busy between the
/// sequential reads, small enough that a chunk of news text is a few megabytes.
pub const DEFAULT_CHUNK: usize = 256;

/// The iterator returned by [`par_map_ordered`].
pub struct ParMapOrdered<I: Iterator, T, F> {
    inner: I,
    f: F,
    chunk: usize,
    ready: VecDeque<T>,
}

/// Maps `f` over `items` in parallel, `chunk` items at a time, yielding results in order.
pub fn par_map_ordered<I, T, F>(items: I, chunk: usize, f: F) -> ParMapOrdered<I, T, F>
where
    I: Iterator,
    I::Item: Send,
    T: Send,
    F: Fn(I::Item) -> T + Sync,
{
    ParMapOrdered {
        inner: items,
        f,
        chunk: chunk.max(1),
        ready: VecDeque::new(),
    }
}

impl<I, T, F> Iterator for ParMapOrdered<I, T, F>
where
    I: Iterator,
    I::Item: Send,
    T: Send,
    F: Fn(I::Item) -> T + Sync,
{
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.ready.is_empty() {
            let batch: Vec<I::Item> = self.inner.by_ref().take(self.chunk).collect();
            if batch.is_empty() {
                return None;
            }
            let f = &self.f;
            let out: Vec<T> = batch.into_par_iter().map(f).collect();
            self.ready.extend(out);
        }
        self.ready.pop_front()
    }
}

/// Runs `consume` on the items of the iterator `make` returns, read ahead on a separate
/// thread (`depth` items buffered), so that reading and parsing the next documents overlaps
/// with the work on the current ones. Items come out in order. The iterator is made on the
/// reading thread, so it need not be `Send` itself (a corpus stream is not).
pub fn with_prefetch<I, F, R>(
    make: F,
    depth: usize,
    consume: impl FnOnce(&mut dyn Iterator<Item = I::Item>) -> R,
) -> R
where
    F: FnOnce() -> I + Send,
    I: Iterator,
    I::Item: Send,
{
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(depth.max(1));
        scope.spawn(move || {
            for item in make() {
                // The consumer stopped early: stop reading too.
                if tx.send(item).is_err() {
                    break;
                }
            }
        });
        consume(&mut rx.into_iter())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_for_every_chunk_size() {
        for chunk in [0, 1, 3, 7, 1000] {
            let out: Vec<u64> = par_map_ordered(0..100u64, chunk, |x| x * x).collect();
            let want: Vec<u64> = (0..100u64).map(|x| x * x).collect();
            assert_eq!(out, want, "chunk {chunk}");
        }
        assert_eq!(
            par_map_ordered(std::iter::empty::<u8>(), 4, |x| x).count(),
            0
        );
    }

    #[test]
    fn prefetch_keeps_order_and_stops_early() {
        let all: Vec<u32> = with_prefetch(|| 0..1000u32, 8, |it| it.collect());
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        let first: Vec<u32> = with_prefetch(|| 0..u32::MAX, 4, |it| it.take(3).collect());
        assert_eq!(first, vec![0, 1, 2]);
    }

    #[test]
    fn pulls_one_chunk_at_a_time() {
        let pulled = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..100).inspect(|_| {
            pulled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let mut it = par_map_ordered(items, 10, |x| x);
        assert_eq!(it.next(), Some(0));
        assert_eq!(pulled.load(std::sync::atomic::Ordering::Relaxed), 10);
    }
}
