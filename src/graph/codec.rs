//! Mentions held as varint-coded bytes: a large graph has tens of millions of them (one per
//! name found in the text), 20 bytes each as records, 4 to 6 bytes each coded. A document's
//! mentions are coded as the builder receives them; an entity's, sorted, once merged.

/// A mention's place: document number, byte span (start, end) and line.
pub(super) type Place = (u32, u32, u32, u32);

/// Appends `v` as a LEB128 varint.
fn put(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// Reads a varint at `*at`, moving past it. Bytes past the end read as a 0 ending the number
/// (the bytes are the codec's own, so that never happens in a well-formed list).
fn get(buf: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = buf.get(*at) {
        *at += 1;
        if shift < 64 {
            v |= u64::from(b & 0x7f) << shift;
        }
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    v
}

/// The difference `b - a` of two `u32`, as an unsigned number (zigzag: small either way).
fn delta(a: u32, b: u32) -> u64 {
    let d = i64::from(b) - i64::from(a);
    ((d << 1) ^ (d >> 63)) as u64
}

/// `a` moved by a [`delta`].
fn undelta(a: u32, z: u64) -> u32 {
    let d = ((z >> 1) as i64) ^ -((z & 1) as i64);
    u32::try_from(i64::from(a) + d).unwrap_or(u32::MAX)
}

/// Appends one document's mentions, (entity, start, end, line) in any order, to `buf`: each
/// as entity, start (from the previous one's), length and line (from the previous one's).
pub(super) fn encode_doc(buf: &mut Vec<u8>, mentions: impl Iterator<Item = (u32, u32, u32, u32)>) {
    let (mut start0, mut line0) = (0u32, 0u32);
    for (entity, start, end, line) in mentions {
        put(buf, u64::from(entity));
        put(buf, delta(start0, start));
        put(buf, delta(start, end));
        put(buf, delta(line0, line));
        (start0, line0) = (start, line);
    }
}

/// The mentions [`encode_doc`] appended, from the bytes of that document alone.
pub(super) fn decode_doc(buf: &[u8]) -> impl Iterator<Item = (u32, u32, u32, u32)> + '_ {
    let mut at = 0;
    let (mut start0, mut line0) = (0u32, 0u32);
    std::iter::from_fn(move || {
        if at >= buf.len() {
            return None;
        }
        let entity = u32::try_from(get(buf, &mut at)).unwrap_or(u32::MAX);
        let start = undelta(start0, get(buf, &mut at));
        let end = undelta(start, get(buf, &mut at));
        let line = undelta(line0, get(buf, &mut at));
        (start0, line0) = (start, line);
        Some((entity, start, end, line))
    })
}

/// One entity's mentions, sorted and distinct, coded from the previous one: the document
/// step, then the start (from the previous start in the same document), length and line.
#[derive(Debug, Clone, Default)]
pub(super) struct MentionList {
    bytes: Vec<u8>,
    len: usize,
    last: Option<Place>,
}

impl MentionList {
    /// Adds `p` unless it equals the last one added. Places must come in order.
    pub(super) fn push(&mut self, p: Place) {
        let (doc, start, end, line) = p;
        let (doc0, start0, line0) = match self.last {
            Some(last) if last == p => return,
            Some((d, s, _, l)) if d == doc => (d, s, l),
            Some((d, _, _, _)) => (d, 0, 0),
            None => (0, 0, 0),
        };
        put(&mut self.bytes, delta(doc0, doc));
        put(&mut self.bytes, delta(start0, start));
        put(&mut self.bytes, delta(start, end));
        put(&mut self.bytes, delta(line0, line));
        self.last = Some(p);
        self.len += 1;
    }

    /// Number of places.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Gives back spare capacity once complete.
    pub(super) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
    }

    /// The places, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = Place> + '_ {
        let buf = &self.bytes[..];
        let mut at = 0;
        let (mut doc0, mut start0, mut line0) = (0u32, 0u32, 0u32);
        std::iter::from_fn(move || {
            if at >= buf.len() {
                return None;
            }
            let doc = undelta(doc0, get(buf, &mut at));
            if doc != doc0 {
                (start0, line0) = (0, 0);
            }
            let start = undelta(start0, get(buf, &mut at));
            let end = undelta(start, get(buf, &mut at));
            let line = undelta(line0, get(buf, &mut at));
            (doc0, start0, line0) = (doc, start, line);
            Some((doc, start, end, line))
        })
    }

    /// Bytes held.
    pub(super) fn bytes(&self) -> usize {
        self.bytes.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_document_decodes_as_encoded(
            items in proptest::collection::vec((any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()), 0..40)
        ) {
            let mut buf = vec![7u8];
            encode_doc(&mut buf, items.iter().copied());
            let back: Vec<_> = decode_doc(&buf[1..]).collect();
            prop_assert_eq!(back, items);
        }

        #[test]
        fn an_entity_list_is_its_places_sorted_and_distinct(
            mut places in proptest::collection::vec(
                (0u32..5, prop_oneof![0u32..100, Just(u32::MAX)], 0u32..200, prop_oneof![0u32..50, Just(u32::MAX)]),
                0..60,
            )
        ) {
            places.sort_unstable();
            let mut list = MentionList::default();
            for &p in &places {
                list.push(p);
            }
            places.dedup();
            prop_assert_eq!(list.len(), places.len());
            prop_assert_eq!(list.iter().collect::<Vec<_>>(), places);
        }
    }

    #[test]
    fn varints_round_trip_at_the_edges() {
        for v in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut buf = Vec::new();
            put(&mut buf, v);
            let mut at = 0;
            assert_eq!(get(&buf, &mut at), v);
            assert_eq!(at, buf.len());
        }
        for (a, b) in [(0, u32::MAX), (u32::MAX, 0), (5, 3), (3, 5)] {
            assert_eq!(undelta(a, delta(a, b)), b);
        }
    }
}
