//! Mentions: where the schema's entities are named in the text (names, aliases, metonyms,
//! demonyms), with the sense chosen from context ("in Washington" is the city, "Washington
//! said" the government), names nested in longer names ("White House" in "White House
//! National Security Council"), and provisional entities for titled names the schema lacks
//! ("Deputy Defense Minister Alexander Fomin") or introduced by an apposition or a reporting
//! verb ("Jane Roe, a director of the port, said", "said Jane Roe", "Jane Roe told").
//!
//! Who speaks and what statements are about is left to `speakers` and `about`.

use std::collections::{HashMap, HashSet};

use crate::diag::Span;
use crate::extract::gazetteer::{leftmost_longest, Gazetteer, Hit, Scan};
use crate::extract::sentences::Para;
use crate::extract::{Mention, MentionKind};
use crate::schema::{Entity, EntityId, Role};

/// Prepositions after which a name that is both a capital and a metonym is the place.
/// ("pressure from Moscow" is the government, "talks in Moscow" the city).
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "near", "outside", "inside"];

/// Capitalised words that never start a personal name.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "And",
    "But",
    "He",
    "She",
    "It",
    "They",
    "We",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Dec",
    "Says",
    "Said",
    "Warns",
];

/// Mentions and provisional entities of one document.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Mentions in text order (nested ones flagged).
    pub mentions: Vec<Mention>,
    /// Entities found in the text that the schema lacks.
    pub provisional: Vec<Entity>,
    /// The index in `provisional` of each id (a page may name thousands of people).
    index: HashMap<EntityId, usize>,
}

impl Found {
    /// Adds a provisional entity, indexed by its id.
    fn push_provisional(&mut self, e: Entity) {
        self.index
            .entry(e.id.clone())
            .or_insert(self.provisional.len());
        self.provisional.push(e);
    }
}

/// True when the word before `pos` is one of [`PLACE_PREPOSITIONS`] in any letter case.
/// Compared without a lower-case copy: the prepositions hold no "k", the one ASCII letter a
/// non-ASCII char lower-cases to.
fn place_preposition_before(text: &str, pos: usize) -> bool {
    let head = text.get(..pos).unwrap_or("").trim_end();
    let word = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    PLACE_PREPOSITIONS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(word))
}

/// Finds every mention in the readable paragraphs.
pub fn find(gaz: &Gazetteer, text: &str, paras: &[Para]) -> Found {
    let mut names = Vec::with_capacity(paras.len());
    let mut titles = Vec::with_capacity(paras.len());
    for p in paras {
        let scan = match text.get(p.span.start..p.span.end) {
            Some(seg) if !p.boilerplate => gaz.scan(seg),
            _ => Scan::default(),
        };
        names.push(scan.names);
        titles.push(leftmost_longest(scan.titles));
    }
    find_scanned(gaz, text, paras, &names, &titles)
}

/// [`find`] with the matches of each paragraph already known (spans relative to the
/// paragraph, one list per paragraph, empty for boilerplate): `names` as
/// `gaz.names.all` gives them, `titles` as `gaz.titles.longest`.
pub fn find_scanned(
    gaz: &Gazetteer,
    text: &str,
    paras: &[Para],
    names: &[Vec<Hit>],
    titles: &[Vec<Hit>],
) -> Found {
    let ents = &gaz.schema.entities;
    let mut found = Found::default();
    let cue_verbs = CueVerbs::new(gaz);
    // The first mention of the paragraph before (names that end right before a title).
    let mut prev_first = 0;
    for (i, p) in paras.iter().enumerate().filter(|(_, p)| !p.boilerplate) {
        let Some(seg) = text.get(p.span.start..p.span.end) else {
            continue;
        };
        let para_titles = titles.get(i).map(Vec::as_slice).unwrap_or(&[]);
        let para_first_mention = found.mentions.len();
        let mut all: Vec<Hit> = names
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|h| Hit {
                start: h.start + p.span.start,
                end: h.end + p.span.start,
                pat: h.pat,
            })
            .collect();
        // In order of start (as `Dict::all` gives them) for the look-up of nested names
        // below; the order of `all` changes nothing else (every use sorts its hits).
        if !all.is_sorted_by_key(|h| h.start) {
            all.sort();
        }
        let top = leftmost_longest(all.clone());
        let mut last: Option<(Span, usize)> = None;
        let dateline_end = p.span.start + crate::extract::sentences::dateline_len(seg);
        // The kept spans do not overlap, so they are in order of (start, end) and the
        // patterns of one span are next to each other (in pattern order).
        for group in top.chunk_by(|a, b| (a.start, a.end) == (b.start, b.end)) {
            let Some(first) = group.first() else { continue };
            let (s, e) = (first.start, first.end);
            let pats = group.iter().map(|h| h.pat);
            // A dateline names the city the story was filed from.
            let in_dateline = s < dateline_end;
            let place_ctx = in_dateline || place_preposition_before(text, s);
            let choice = pats
                .filter_map(|pi| gaz.names.info.get(pi).map(|i| (pi, i)))
                .min_by_key(|(_, i)| {
                    let is_place = ents.get(i.entity).is_some_and(|e| e.kind == "place");
                    let rank_kind = match i.kind {
                        MentionKind::Name => 0,
                        MentionKind::Metonym => 1,
                        _ => 2,
                    };
                    // In a place context the place wins; elsewhere the metonym (the
                    // government) wins over the city of the same name.
                    let sense = if place_ctx == is_place { 0 } else { 1 };
                    (sense, rank_kind, i.entity)
                })
                .map(|(_, i)| i.clone());
            let Some(info) = choice else { continue };
            let Some(ent) = ents.get(info.entity) else {
                continue;
            };
            let span = Span::new(s, e);
            // "Brussels, Belgium": the country only locates the city.
            if let Some((ls, li)) = last {
                let between = text.get(ls.end..s).unwrap_or("x");
                let city_of = ents
                    .get(li)
                    .is_some_and(|c| c.kind == "place" && c.part_of.contains(&ent.id));
                if between.trim() == "," && city_of {
                    continue;
                }
            }
            last = Some((span, info.entity));
            found.mentions.push(Mention {
                entity: ent.id.clone(),
                span,
                kind: info.kind,
                nested: false,
            });
            // Names nested in this one ("White House" in "White House National Security
            // Council", "Biden" in "the Biden administration").
            // `all` is in order of start: only the hits starting within the span are read.
            let from = all.partition_point(|h| h.start < s);
            let inner: Vec<Hit> = all
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|h| h.start < e)
                .filter(|h| h.start >= s && h.end <= e && (h.start, h.end) != (s, e))
                .filter(|h| {
                    gaz.names.info.get(h.pat).is_some_and(|i| {
                        i.kind != MentionKind::Metonym
                            && i.entity != info.entity
                            && ents.get(i.entity).is_some_and(|x| x.kind != "place")
                    })
                })
                .copied()
                .collect();
            for h in leftmost_longest(inner) {
                if let Some(i) = gaz.names.info.get(h.pat) {
                    if let Some(x) = ents.get(i.entity) {
                        let m = Mention {
                            entity: x.id.clone(),
                            span: Span::new(h.start, h.end),
                            kind: i.kind,
                            nested: true,
                        };
                        // Duplicates are removed after sorting.
                        found.mentions.push(m);
                    }
                }
            }
        }
        provisional(gaz, text, p, para_titles, prev_first, &mut found);
        prev_first = para_first_mention;
        introduced_people(
            gaz,
            text,
            p,
            para_titles,
            &cue_verbs,
            para_first_mention,
            &mut found,
        );
    }
    add_surname_repeats(gaz, text, paras, &mut found);
    // In text order (outer names first), ties in the full order of mentions; equal
    // mentions are then neighbours and dropped. One sort, where most comparisons are of
    // positions rather than of entity ids.
    found.mentions.sort_by(|a, b| {
        (a.span.start, a.nested, a.span.end)
            .cmp(&(b.span.start, b.nested, b.span.end))
            .then_with(|| a.cmp(b))
    });
    found.mentions.dedup();
    found
}

/// True when a line without a closing stop is as long as a sentence (twelve words or more):
/// a paragraph cut off before its stop, or a caption, read as prose; shorter ones are
/// headlines.
fn sentence_long(line: &str) -> bool {
    line.split_whitespace().nth(11).is_some()
}

/// A person the schema lacks, as the text names it.
fn provisional_person(
    id: EntityId,
    name: String,
    gender: Option<crate::schema::Gender>,
    roles: Vec<Role>,
) -> Entity {
    Entity {
        id,
        kind: "person".into(),
        name,
        aliases: vec![],
        ambiguous: vec![],
        gender,
        roles,
        part_of: vec![],
        metonyms: vec![],
        demonyms: vec![],
        wikidata: None,
        provisional: true,
    }
}

/// "Deputy Defense Minister Alexander Fomin": a title followed by two or three capitalised
/// words that name no entity of the schema becomes a provisional person.
/// `titles` are the paragraph's titles, leftmost-longest, spans relative to it; the mentions
/// from `from` on are those of this paragraph and the one before, the only ones that can
/// touch or end just before a name or title of this one.
fn provisional(
    gaz: &Gazetteer,
    text: &str,
    p: &Para,
    titles: &[Hit],
    from: usize,
    found: &mut Found,
) {
    let Some(seg) = text.get(p.span.start..p.span.end) else {
        return;
    };
    if p.headline && !sentence_long(seg) {
        return;
    }
    for &t in titles {
        let Some(tp) = gaz.titles.info.get(t.pat) else {
            continue;
        };
        if tp.plural || tp.generic {
            continue;
        }
        let mut after = seg.get(t.end..).unwrap_or("");
        let mut off = t.end;
        // "Lithuania's foreign minister, Gabrielius Landsbergis, said": a name in apposition
        // after the title, closed by a comma.
        // "The US ambassador to the OSCE, Michael Carpenter, said": the title may carry a
        // short phrase of its own before the name.
        if let Some(rest) = ["to ", "of ", "for "]
            .iter()
            .find_map(|p| after.strip_prefix(' ').and_then(|a| a.strip_prefix(p)))
        {
            if let Some(comma) = rest
                .find(", ")
                .filter(|&i| i <= 40 && !rest.get(..i).unwrap_or(",").contains(['.', '"']))
            {
                let skip = after.len() - rest.len() + comma;
                after = after.get(skip..).unwrap_or("");
                off += skip;
            }
        }
        let appositive = after.starts_with(", ");
        if appositive {
            after = after.get(2..).unwrap_or("");
            off += 2;
        }
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut closed = false;
        for w in after.split(' ') {
            let w_start = off;
            off += w.len() + 1;
            if words.is_empty() && w.is_empty() {
                continue;
            }
            let core = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            // An honorific before the name is not part of it ("Ayatollah Ali Khamenei").
            if words.is_empty() && HONORIFICS.contains(&core) && core.len() == w.len() {
                continue;
            }
            let ok = core.chars().next().is_some_and(char::is_uppercase)
                && core.chars().count() >= 2
                && core
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && core.chars().skip(1).any(char::is_lowercase)
                && !NOT_NAMES.contains(&core);
            if !ok {
                break;
            }
            words.push((w_start, w_start + core.len()));
            if core.len() != w.len() || words.len() == 4 {
                closed = w.get(core.len()..).is_some_and(|r| r.starts_with(','));
                break;
            }
        }
        if !(2..=3).contains(&words.len()) || appositive && !closed {
            continue;
        }
        let (ns, ne) = (
            words[0].0 + p.span.start,
            words[words.len() - 1].1 + p.span.start,
        );
        let name_span = Span::new(ns, ne);
        let recent = found.mentions.get(from..).unwrap_or(&[]);
        if recent.iter().any(|m| m.span.overlaps(name_span)) {
            continue;
        }
        let name = name_span.slice(text).to_string();
        let id = EntityId::slug_of(&name);
        if gaz.entity(&id).is_some() {
            continue;
        }
        // The title as written, with capitalised words just before it ("Deputy").
        let mut tstart = t.start;
        for _ in 0..3 {
            let head = seg.get(..tstart).unwrap_or("");
            let trimmed = head.trim_end();
            let w_start = trimmed.rfind(' ').map(|i| i + 1).unwrap_or(0);
            let w = trimmed.get(w_start..).unwrap_or("");
            let capital = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(char::is_alphabetic);
            let named = recent
                .iter()
                .any(|m| m.span.end == p.span.start + trimmed.len());
            if !capital || named || w_start == 0 && NOT_NAMES.contains(&w) {
                break;
            }
            tstart = w_start;
        }
        let tspan = Span::new(tstart + p.span.start, t.end + p.span.start);
        let title = tspan.slice(text).to_string();
        // The state or body: the entity named just before the title ("Russian Deputy ...").
        let of = recent
            .iter()
            .rev()
            .find(|m| {
                !m.nested
                    && m.span.end <= tspan.start
                    && text.get(m.span.end..tspan.start).is_some_and(|g| {
                        g.trim().is_empty() || g.trim() == "'s" || g.trim() == "\u{2019}s"
                    })
            })
            .map(|m| m.entity.clone());
        if !found.index.contains_key(&id) {
            found.push_provisional(provisional_person(
                id.clone(),
                name.clone(),
                tp.gender,
                vec![Role {
                    title,
                    of,
                    from: None,
                    until: None,
                }],
            ));
        }
        found.mentions.push(Mention {
            entity: id,
            span: name_span,
            kind: MentionKind::Name,
            nested: false,
        });
    }
}

/// Honorifics written before a personal name and not part of it.
const HONORIFICS: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Sheikh",
    "Ayatollah",
    "Rabbi",
    "Imam",
    "Cardinal",
    "Archbishop",
    "Bishop",
    "Reverend",
    "Rev",
    "Professor",
    "Prof",
];

/// Capitalised words that open a sentence or a phrase and never belong to a personal name.
const NOT_NAME_WORDS: &[&str] = &[
    "About",
    "Across",
    "After",
    "Again",
    "Ahead",
    "All",
    "Also",
    "Although",
    "Amid",
    "Among",
    "Analysts",
    "Another",
    "Any",
    "Are",
    "As",
    "Asked",
    "Before",
    "Both",
    "By",
    "Critics",
    "Despite",
    "Diplomats",
    "During",
    "Each",
    "Earlier",
    "Either",
    "Even",
    "Every",
    "Experts",
    "For",
    "From",
    "Has",
    "Have",
    "Her",
    "His",
    "How",
    "However",
    "If",
    "Is",
    "Its",
    "Last",
    "Later",
    "Leaders",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Neither",
    "Next",
    "No",
    "Nor",
    "Not",
    "Now",
    "Of",
    "Officials",
    "Once",
    "Only",
    "Or",
    "Other",
    "Others",
    "Our",
    "Over",
    "Reporters",
    "Several",
    "Since",
    "So",
    "Some",
    "Sources",
    "Speaking",
    "Still",
    "Such",
    "That",
    "Their",
    "Then",
    "There",
    "These",
    "This",
    "Those",
    "Though",
    "Through",
    "Thus",
    "To",
    "Today",
    "Tomorrow",
    "Under",
    "Until",
    "Upon",
    "Was",
    "Were",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Without",
    "Yesterday",
    "Yet",
    "You",
    "Your",
    "Breaking",
    "Live",
    "Update",
    "Updated",
    "Watch",
    "Read",
    "Photo",
    "Video",
    "Source",
    "Reporting",
    "Editing",
    "Share",
    "Opinion",
    "Analysis",
    "Exclusive",
];

/// Last words of names of bodies, groups, works and places, never of a person.
const NOT_NAME_TAILS: &[&str] = &[
    "Academy",
    "Administration",
    "Agency",
    "Agreement",
    "Accord",
    "Accords",
    "Alliance",
    "Army",
    "Assembly",
    "Association",
    "Authority",
    "Bank",
    "Board",
    "Bureau",
    "Cabinet",
    "Center",
    "Centre",
    "Channel",
    "Coalition",
    "College",
    "Command",
    "Commission",
    "Committee",
    "Company",
    "Conference",
    "Congress",
    "Corporation",
    "Council",
    "Court",
    "Daily",
    "Deal",
    "Department",
    "Directorate",
    "Embassy",
    "Federation",
    "Force",
    "Forces",
    "Forum",
    "Foundation",
    "Front",
    "Fund",
    "Government",
    "Group",
    "Guard",
    "Herald",
    "House",
    "Initiative",
    "Institute",
    "Journal",
    "Kingdom",
    "League",
    "Ministry",
    "Mission",
    "Movement",
    "Navy",
    "News",
    "Office",
    "Organization",
    "Organisation",
    "Parliament",
    "Party",
    "Plan",
    "Police",
    "Post",
    "Presidency",
    "Press",
    "Program",
    "Programme",
    "Republic",
    "Review",
    "Service",
    "Services",
    "Square",
    "Street",
    "Summit",
    "Talks",
    "Telegraph",
    "Times",
    "Treaty",
    "Tribune",
    "Union",
    "University",
    "Agreements",
    "Airport",
    "Island",
    "Islands",
    "Sea",
    "Ocean",
    "River",
    "Gulf",
    "Bay",
    "Coast",
    "Valley",
    "Mountains",
    "Region",
    "Province",
    "County",
    "City",
    "State",
    "States",
    "Network",
    "Media",
    "Radio",
    "Television",
    "TV",
    "Online",
    "Today",
    "Week",
    "Weekly",
    "Monitor",
    "Gazette",
    "Express",
    "Mail",
    "Observer",
    "Guardian",
    "Insider",
    "Wire",
    "Reports",
    "Staff",
    "Team",
    "Club",
    "Room",
    "Palace",
    "Building",
    "Tower",
    "Castle",
    "Hotel",
    "Stadium",
    "Bridge",
    "Station",
    "Base",
    "Port",
    "Harbour",
    "Harbor",
    "Road",
    "Avenue",
    "Plaza",
    "Library",
    "Museum",
    "Hospital",
    "School",
    "Cathedral",
    "Mosque",
    "Watch",
    "International",
    "Airlines",
    "Fleet",
    "Brigade",
    "Battalion",
    "Regiment",
    "Division",
    "Corps",
    "Guards",
    "Crescent",
    "Democrats",
    "Republicans",
    "Conservatives",
    "Liberals",
    "Socialists",
    "Greens",
    "Rebels",
    "Militia",
];

/// First words of names of places and bodies, never of a person.
const NOT_NAME_HEADS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "New",
    "Saint",
    "San",
    "Santa",
    "Los",
    "Las",
    "Upper",
    "Lower",
    "Great",
    "Greater",
    "United",
    "Islamic",
    "Democratic",
    "People's",
    "Federal",
    "National",
    "International",
    "European",
    "Royal",
    "Supreme",
    "General",
    "Joint",
    "Special",
    "Senior",
    "Acting",
    "Former",
    "Foreign",
    "Deputy",
    "Vice",
    "Prime",
    "Chief",
    "Head",
    "Lieutenant",
    "Colonel",
    "Major",
    "Captain",
    "Admiral",
    "Sergeant",
    "Lt",
    "Col",
    "Gen",
    "Sen",
    "Rep",
    "Gov",
    "Prof",
    "Ambassador",
    "President",
    "Minister",
    "Secretary",
    "Chancellor",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Sheikh",
    "Pope",
    "Father",
    "Sister",
    "Brother",
];

/// Nouns that make an apposition describe a person ("a co-founder of ...", "an analyst at
/// ..."), besides the titles of the lexicon.
const PERSON_NOUNS: &[&str] = &[
    "analyst",
    "author",
    "scholar",
    "professor",
    "lecturer",
    "researcher",
    "fellow",
    "expert",
    "specialist",
    "director",
    "founder",
    "co-founder",
    "cofounder",
    "editor",
    "correspondent",
    "journalist",
    "reporter",
    "columnist",
    "commentator",
    "host",
    "anchor",
    "economist",
    "historian",
    "strategist",
    "consultant",
    "lawyer",
    "attorney",
    "judge",
    "lawmaker",
    "legislator",
    "senator",
    "congressman",
    "congresswoman",
    "deputy",
    "member",
    "mayor",
    "governor",
    "general",
    "commander",
    "officer",
    "colonel",
    "admiral",
    "executive",
    "manager",
    "ceo",
    "chair",
    "secretary",
    "activist",
    "campaigner",
    "politician",
    "candidate",
    "veteran",
    "former",
    "colleague",
    "partner",
    "coordinator",
    "counsellor",
    "counselor",
    "attaché",
    "attache",
    "delegate",
    "envoy",
    "emissary",
    "chargé",
    "charge",
    "ambassador",
    "inspector",
    "negotiator",
    "mediator",
    "advisor",
    "adviser",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "premier",
    "leader",
    "head",
    "chief",
    "aide",
    "official",
    "diplomat",
    "representative",
    "presenter",
    "interviewer",
    "writer",
    "scientist",
];

/// Reporting verbs that may stand before their speaker ("..., said Jane Roe"); others take
/// an object there ("told Jane Roe", "asked Jane Roe").
const INVERSION_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "explained",
    "noted",
    "continued",
    "insisted",
    "stressed",
    "argued",
    "replied",
    "answered",
    "recalled",
    "concluded",
    "observed",
    "remarked",
    "commented",
    "declared",
    "wrote",
    "writes",
    "warned",
    "cautioned",
];

/// The one-word reporting verbs of the lexicon that people (not outlets) use, and the words
/// of its one-word titles, lowercase.
struct CueVerbs<'g>(&'g [String], &'g [String]);

/// The lists of [`CueVerbs`], worked out once per schema: the one-word verb forms of the
/// lexicon less those outlets use, and the words of the one-word titles, lowercase.
pub(crate) fn person_cue_lists(schema: &crate::schema::Schema) -> (Vec<String>, Vec<String>) {
    let mut v: Vec<String> = schema
        .lexicon
        .speech_cues
        .iter()
        .filter(|c| c.form == crate::schema::CueForm::Verb)
        .flat_map(|c| c.surface_forms())
        .filter(|f| !f.contains(' ') && !CueVerbs::OUTLET_VERBS.contains(&f.as_str()))
        .map(|f| f.to_lowercase())
        .collect();
    // "says" is kept: "Jane Roe says" is as common as "Jane Roe said".
    v.push("says".into());
    v.sort();
    v.dedup();
    let titles = schema
        .lexicon
        .titles
        .iter()
        .flat_map(|t| t.forms.iter())
        .filter(|f| !f.contains(' '))
        .map(|f| f.to_lowercase())
        .collect();
    (v, titles)
}

impl CueVerbs<'_> {
    /// Verbs that outlets rather than people use ("reported", "wrote") are left out: "Fox
    /// Channel reported" is no person.
    const OUTLET_VERBS: &'static [&'static str] = &[
        "reported",
        "reports",
        "wrote",
        "writes",
        "announced",
        "announces",
        "believes",
        "believed",
        "considered",
        "described",
        "says",
        "say",
        "tell",
        "add",
        "deny",
        "hope",
        "confirm",
        "warn",
        "threaten",
    ];

    fn new(gaz: &Gazetteer) -> CueVerbs<'_> {
        CueVerbs(&gaz.person_cues.0, &gaz.person_cues.1)
    }

    fn contains(&self, word: &str) -> bool {
        self.0.binary_search_by(|w| w.as_str().cmp(word)).is_ok()
    }
}

/// One whitespace-separated token of a paragraph: its byte range (relative to the
/// paragraph) and the range of its core (without leading quotes and trailing punctuation).
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    core_start: usize,
    core_end: usize,
}

fn tokens(seg: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in seg.char_indices().chain(std::iter::once((seg.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                let w = seg.get(s..i).unwrap_or("");
                let lead = w.len() - w.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
                let core = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                let core_end = s + core.len().max(lead);
                out.push(Token {
                    start: s,
                    end: i,
                    core_start: s + lead,
                    core_end,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// True for a word shaped like a part of a personal name: a capital, then lower-case
/// letters (hyphens and apostrophes allowed: "Amir-Abdollahian", "O'Brien").
fn name_word(w: &str) -> bool {
    let mut chars = w.chars();
    let capital = chars.next().is_some_and(char::is_uppercase);
    let rest: Vec<char> = chars.collect();
    capital
        && !rest.is_empty()
        && rest
            .iter()
            .all(|&c| c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}')
        && rest.iter().any(|c| c.is_lowercase())
        && rest.iter().filter(|c| c.is_uppercase()).count() <= 1
        && !w.ends_with("'s")
        && !w.ends_with("\u{2019}s")
}

/// Where an apposition that starts `rest` ends: at a comma, a stop that is not one of an
/// abbreviation ("U.S."), a bracket, a quote mark or a line break.
pub(crate) fn apposition_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    for (i, c) in rest.char_indices() {
        match c {
            ',' | ';' | ':' | '(' | ')' | '"' | '\u{201c}' | '\u{201d}' | '\n' => return i,
            '.' => {
                // "U.S. envoy": a stop after a single capital, or before a letter, goes on.
                let next_space = b.get(i + 1).is_none_or(u8::is_ascii_whitespace);
                let word = rest
                    .get(..i)
                    .unwrap_or("")
                    .rsplit([' ', '.'])
                    .next()
                    .unwrap_or("");
                let initial = word.len() == 1 && word.bytes().all(|c| c.is_ascii_uppercase());
                if next_space && !initial {
                    return i;
                }
            }
            _ => {}
        }
    }
    rest.len()
}

/// The description in apposition after a name, from `rest` (the text after the name's
/// comma): "a co-founder of the program at Yale, said ..." gives "a co-founder of the
/// program at Yale". `None` when what follows does not describe a person.
fn apposition<'t>(rest: &'t str, cue_verbs: &CueVerbs, title_words: &[String]) -> Option<&'t str> {
    let rest = rest.trim_start();
    let desc = rest.get(..apposition_end(rest))?.trim_end();
    if desc.is_empty() || desc.len() > 120 {
        return None;
    }
    let words: Vec<&str> = desc.split_whitespace().collect();
    let first = words.first()?;
    let lower = first.to_lowercase();
    if cue_verbs.contains(&lower)
        || [
            "and", "or", "but", "who", "which", "that", "as", "in", "on", "at", "said",
        ]
        .contains(&lower.as_str())
    {
        return None;
    }
    // The apposition opens its noun phrase: a determiner, a possessive, a capitalised word
    // or an adjective of office ("a co-founder", "Russia's envoy", "chief editor").
    let is_person_word = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase();
        PERSON_NOUNS.contains(&w.as_str()) || title_words.contains(&w)
    };
    let opens = [
        "a", "an", "the", "his", "her", "their", "its", "senior", "longtime",
    ]
    .contains(&lower.as_str())
        || first.chars().next().is_some_and(char::is_uppercase)
        || first.ends_with("'s")
        || first.ends_with("\u{2019}s")
        || is_person_word(first);
    if !opens {
        return None;
    }
    words
        .iter()
        .take(6)
        .any(|w| is_person_word(w))
        .then_some(desc)
}

/// People the schema lacks, introduced by a description in apposition ("Jane Roe, a
/// director of the port authority, said", "said Jane Roe, the port's director,") or as the
/// subject of a reporting verb ("Jane Roe told reporters", "said Jane Roe."): two or three
/// capitalised words shaped like a personal name, none of them a known entity, a title, a
/// month, a day or an opening word, and not ending like the name of a body or a place.
/// Each becomes a provisional person, with the title the apposition names as a role.
fn introduced_people(
    gaz: &Gazetteer,
    text: &str,
    p: &Para,
    titles: &[Hit],
    cue_verbs: &CueVerbs,
    first_mention: usize,
    found: &mut Found,
) {
    let Some(seg) = text.get(p.span.start..p.span.end) else {
        return;
    };
    if p.headline && !sentence_long(seg) {
        return;
    }
    let title_words = &cue_verbs.1;
    let toks = tokens(seg);
    // This paragraph's mentions so far (absolute spans), to leave known names alone.
    let known: Vec<Span> = found
        .mentions
        .get(first_mention..)
        .unwrap_or(&[])
        .iter()
        .map(|m| m.span)
        .collect();
    let core = |t: &Token| seg.get(t.core_start..t.core_end).unwrap_or("");
    let mut i = 0;
    while i < toks.len() {
        // The run of name-shaped words from token i, closed by punctuation after a word.
        let start = i;
        let mut j = i;
        while let Some(&t) = toks.get(j) {
            let c = core(&t);
            let clean_start = t.core_start == t.start || j == start;
            if !clean_start || !name_word(c) || NOT_NAMES.contains(&c) {
                break;
            }
            j += 1;
            if t.core_end != t.end {
                break;
            }
        }
        i = j.max(start + 1);
        let run = toks.get(start..j).unwrap_or(&[]);
        // The name is the end of the run after any opening word, title or known name
        // ("However Jane Roe said", "Senior Russian Representative Jane Roe said").
        let stop = |t: &Token| {
            let c = core(t);
            let span = Span::new(p.span.start + t.core_start, p.span.start + t.core_end);
            NOT_NAME_WORDS.contains(&c)
                || HONORIFICS.contains(&c)
                || NOT_NAME_HEADS.contains(&c)
                || title_words.iter().any(|w| w.eq_ignore_ascii_case(c))
                || known.iter().any(|k| k.overlaps(span))
        };
        let skip = run.iter().rposition(stop).map_or(0, |k| k + 1);
        let name_toks = run.get(skip..).unwrap_or(&[]);
        if !(2..=3).contains(&name_toks.len()) {
            continue;
        }
        let (Some(first), Some(last)) = (name_toks.first(), name_toks.last()) else {
            continue;
        };
        // No word after the first ends the name of a body or place ("Black Sea Fleet").
        if name_toks
            .iter()
            .skip(1)
            .any(|t| NOT_NAME_TAILS.contains(&core(t)))
        {
            continue;
        }
        let name_span = Span::new(
            p.span.start + first.core_start,
            p.span.start + last.core_end,
        );
        // What follows the last word, and the words just before and after the name.
        let after = seg.get(last.core_end..).unwrap_or("");
        let prev_word = start
            .checked_sub(1)
            // "said Sheikh Jane Roe": an honorific stands between the verb and the name.
            .filter(|_| run.iter().take(skip).all(|t| HONORIFICS.contains(&core(t))))
            .and_then(|k| toks.get(k))
            .filter(|t| t.core_end == t.end)
            .map(|t| core(t).to_lowercase());
        let next_word = toks
            .get(j)
            .filter(|_| last.core_end == last.end)
            .map(|t| core(t).to_lowercase());
        let desc = after
            .strip_prefix(',')
            .and_then(|rest| apposition(rest, cue_verbs, title_words));
        let verb_after = next_word.as_deref().is_some_and(|w| cue_verbs.contains(w));
        let verb_before = prev_word
            .as_deref()
            .is_some_and(|w| INVERSION_VERBS.contains(&w));
        if desc.is_none() && !verb_after && !verb_before {
            continue;
        }
        let name = name_span.slice(text).to_string();
        let id = EntityId::slug_of(&name);
        if gaz.entity(&id).is_some() {
            continue;
        }
        // A title the apposition names, with the entity it belongs to.
        let role = desc.and_then(|d| {
            let ds = last.core_end + (after.len() - after.trim_start_matches([',', ' ']).len());
            let de = ds + d.len();
            let t = titles.iter().find(|t| {
                t.start >= ds
                    && t.end <= de
                    && gaz
                        .titles
                        .info
                        .get(t.pat)
                        .is_some_and(|tp| !tp.generic && !tp.plural)
            })?;
            let tp = gaz.titles.info.get(t.pat)?;
            let (ts, te) = (p.span.start + t.start, p.span.start + t.end);
            let (ds, de) = (p.span.start + ds, p.span.start + de);
            // The state or body: named just before the title ("the US envoy", "the UK's
            // ambassador"), else the first named in the rest of the apposition.
            let para_mentions = found.mentions.get(first_mention..).unwrap_or(&[]);
            let of = para_mentions
                .iter()
                .filter(|m| !m.nested && m.span.start >= ds && m.span.end <= de)
                .find(|m| {
                    m.span.end <= ts
                        && text.get(m.span.end..ts).is_some_and(|g| {
                            let g = g.trim();
                            g.is_empty() || g == "'s" || g == "\u{2019}s"
                        })
                })
                .or_else(|| {
                    para_mentions
                        .iter()
                        .find(|m| !m.nested && m.span.start >= te && m.span.end <= de)
                })
                .map(|m| m.entity.clone());
            Some((
                Role {
                    title: text.get(ts..te)?.to_string(),
                    of,
                    from: None,
                    until: None,
                },
                tp.gender,
            ))
        });
        let known = found.index.get(&id).copied();
        match known.and_then(|i| found.provisional.get_mut(i)) {
            Some(e) => {
                if e.roles.is_empty() {
                    if let Some((r, g)) = role {
                        e.roles.push(r);
                        e.gender = e.gender.or(g);
                    }
                }
            }
            None => {
                let (roles, gender) = match role {
                    Some((r, g)) => (vec![r], g),
                    None => (vec![], None),
                };
                found.push_provisional(provisional_person(id.clone(), name, gender, roles));
            }
        }
        found.mentions.push(Mention {
            entity: id,
            span: name_span,
            kind: MentionKind::Name,
            nested: false,
        });
    }
}

/// How far after a full name (in bytes) its surname is looked for: far more than the
/// longest article.
const SURNAME_REACH: usize = 100_000;

/// Later mentions of a person by surname alone ("Sullivan said" after "Jake Sullivan"),
/// and of a provisional person by full name, after the first mention by full name.
fn add_surname_repeats(gaz: &Gazetteer, text: &str, paras: &[Para], found: &mut Found) {
    found.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    let mut needles: Vec<(String, EntityId, usize)> = Vec::new();
    // Look-ups by hash, not scans of the lists, as a page may name thousands of people.
    let mut provisional: HashMap<&EntityId, &Entity> = HashMap::new();
    for p in &found.provisional {
        provisional.entry(&p.id).or_insert(p);
    }
    let mut pairs: HashSet<(String, EntityId)> = HashSet::new();
    let mut words: HashSet<String> = HashSet::new();
    for m in &found.mentions {
        // A full name is written in more than one word (tested first: it is the cheaper).
        let written = m.span.slice(text);
        if !written.contains(' ') {
            continue;
        }
        let e = gaz
            .entity(&m.entity)
            .or_else(|| provisional.get(&m.entity).copied());
        let Some(e) = e.filter(|e| e.kind == "person") else {
            continue;
        };
        let surname = e.name.rsplit(' ').next().unwrap_or(&e.name).to_string();
        let capital = surname.chars().next().is_some_and(char::is_uppercase);
        if surname.chars().count() >= 3
            && capital
            && !pairs.contains(&(surname.clone(), e.id.clone()))
        {
            pairs.insert((surname.clone(), e.id.clone()));
            words.insert(surname.clone());
            needles.push((surname, e.id.clone(), m.span.end));
        }
        if e.provisional && !words.contains(&e.name) {
            pairs.insert((e.name.clone(), e.id.clone()));
            words.insert(e.name.clone());
            needles.push((e.name.clone(), e.id.clone(), m.span.end));
        }
    }
    // A surname shared by two people of the article is left alone.
    let mut first_id: HashMap<&str, &EntityId> = HashMap::new();
    let mut shared: HashSet<&str> = HashSet::new();
    for (n, id, _) in &needles {
        if *first_id.entry(n.as_str()).or_insert(id) != id {
            shared.insert(n.as_str());
        }
    }
    let ambiguous = |n: &str| shared.contains(n);
    let taken = |span: Span, v: &[Mention]| {
        let i = v.partition_point(|m| m.span.end <= span.start);
        v.get(i).is_some_and(|m| m.span.overlaps(span))
            || v.get(i + 1).is_some_and(|m| m.span.overlaps(span))
    };
    // The readable paragraphs (sorted and apart: lines of the text).
    let readable: Vec<Span> = paras
        .iter()
        .filter(|p| !p.boilerplate && text.get(p.span.start..p.span.end).is_some())
        .map(|p| p.span)
        .collect();
    let mut extra = Vec::new();
    for (needle, id, after) in &needles {
        if ambiguous(needle) {
            continue;
        }
        let from = readable.partition_point(|p| p.end <= *after);
        // The occurrences inside each readable paragraph that ends after `after`. One
        // search over the rest of the text finds the same as one per paragraph (and builds
        // one searcher, not one per paragraph): no occurrence can reach across the line
        // break and the spaces that part two paragraphs, unless the needle holds a line
        // break or starts or ends with a space; such a needle is searched paragraph by
        // paragraph.
        let whole = !needle.contains('\n')
            && !needle.starts_with(char::is_whitespace)
            && !needle.ends_with(char::is_whitespace);
        // Within reach of the full name: a page of thousands of names is not searched
        // once per name to its end.
        let mut reach = after.saturating_add(SURNAME_REACH).min(text.len());
        while !text.is_char_boundary(reach) {
            reach -= 1;
        }
        let searches: Vec<Span> = match readable.get(from) {
            Some(first) if whole => vec![Span::new(first.start, reach.max(first.start))],
            Some(_) => readable
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|p| p.start < reach)
                .map(|p| Span::new(p.start, p.end.min(reach)))
                .collect(),
            None => Vec::new(),
        };
        for range in searches {
            let Some(seg) = text.get(range.start..range.end) else {
                continue;
            };
            // The occurrences `match_indices` gives (leftmost, not overlapping), found by a
            // vectorised search.
            for i in memchr::memmem::find_iter(seg.as_bytes(), needle.as_bytes()) {
                let s = range.start + i;
                let span = Span::new(s, s + needle.len());
                let k = readable.partition_point(|p| p.start <= s);
                let in_para = k
                    .checked_sub(1)
                    .and_then(|k| readable.get(k))
                    .is_some_and(|p| p.end >= span.end && p.end > *after);
                if !in_para {
                    continue;
                }
                if s < *after
                    || !crate::extract::gazetteer::at_word_boundary(text, span.start, span.end)
                    || taken(span, &found.mentions)
                {
                    continue;
                }
                extra.push(Mention {
                    entity: id.clone(),
                    span,
                    kind: MentionKind::Name,
                    nested: false,
                });
            }
        }
    }
    extra.sort();
    extra.dedup_by(|a, b| a.span.overlaps(b.span));
    found.mentions.extend(extra);
}

/// The outlet of the article named by the host of its URL ("sputniknews.com" -> Sputnik),
/// as a mention at the host in the header line.
pub fn outlet_from_url(gaz: &Gazetteer, text: &str, url: Option<&str>) -> Option<Mention> {
    let url = url?;
    let at = text.find(url)?;
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let host_len = url
        .get(after_scheme..)?
        .find('/')
        .unwrap_or(url.len() - after_scheme);
    let host = url
        .get(after_scheme..after_scheme + host_len)?
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let label = host.split('.').next()?.to_string();
    let key = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    };
    let e = gaz
        .schema
        .entities
        .iter()
        .filter(|e| e.kind == "media")
        .find(|e| {
            e.names().map(key).any(|k| {
                k.len() >= 3 && (label == k || label.starts_with(&k) && label.len() <= k.len() + 6)
            })
        })?;
    let start = at + after_scheme;
    Some(Mention {
        entity: e.id.clone(),
        span: Span::new(start, start + host_len),
        kind: MentionKind::Name,
        nested: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;

    fn gazetteer() -> Gazetteer {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let schema = Schema::load(&dir).expect("the schemas of the repository load");
        Gazetteer::new(&schema)
    }

    fn found(gaz: &Gazetteer, text: &str) -> Found {
        let paras = crate::extract::sentences::paragraphs(text, 0);
        find(gaz, text, &paras)
    }

    #[test]
    fn people_introduced_by_apposition_or_reporting_verb() {
        let gaz = gazetteer();
        // (text, provisional ids expected, role title expected for the first)
        let table: &[(&str, &[&str], Option<&str>)] = &[
            (
                "Pat Quill, a co-founder of the harbour studies program at Lund, said the plan was late.",
                &["pat_quill"],
                None,
            ),
            (
                "The plan was late, said Dana Vesk, the director of the port authority.",
                &["dana_vesk"],
                None,
            ),
            (
                "Olav Brenn told reporters the plan was late.",
                &["olav_brenn"],
                None,
            ),
            (
                "The plan was late, Tomas Ekdahl, Sweden's ambassador to Norway, said on Monday.",
                &["tomas_ekdahl"],
                Some("ambassador"),
            ),
            (
                "However Mira Solberg said the plan was late.",
                &["mira_solberg"],
                None,
            ),
            // Bodies, places, dates and objects of a verb are no people.
            ("Harbour Council, a body of officials, said the plan was late.", &[], None),
            ("Ostland Republic said the plan was late.", &[], None),
            ("North Ostland, a close ally of the director, said no.", &[], None),
            ("On Monday Jane said the plan was late.", &[], None),
            ("She told Lina Marsh the plan was late.", &[], None),
            ("Lina Marsh and Tom Berg met in the port on Friday.", &[], None),
            ("Fox Harbour Radio said the plan was late.", &[], None),
            ("North Sea Fleet said the ships returned.", &[], None),
            // A line cut off before its stop is read; a short headline is not.
            (
                "Kai Moser, the harbour's director, called on the city to calm the traders and to open the qu",
                &["kai_moser"],
                None,
            ),
            ("Kai Moser, a director, speaks", &[], None),
            (
                "At a news conference in the harbour with Prime Minister Lena Dahl and two other leaders before the talks - Photo",
                &["lena_dahl"],
                None,
            ),
            ("Prime Minister Lena Dahl speaks", &[], None),
            (
                "The plan was late, said Supreme Leader Ayatollah Omar Feld on Monday.",
                &["omar_feld"],
                None,
            ),
            ("The plan was late, said Sheikh Omar Feld.", &["omar_feld"], None),
            ("Harbour Town Greens said the plan was late.", &[], None),
            ("The plan was late, said Jane Hall.", &["jane_hall"], None),
            ("The ship left Quay Street, together with the director, at noon.", &[], None),
        ];
        for (text, ids, title) in table {
            let f = found(&gaz, text);
            let got: Vec<&str> = f.provisional.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(&got, ids, "{text}");
            if let Some(t) = title {
                let roles: Vec<&str> = f.provisional[0]
                    .roles
                    .iter()
                    .map(|r| r.title.as_str())
                    .collect();
                assert_eq!(roles, [*t], "{text}");
                assert_eq!(
                    f.provisional[0].roles[0].of.as_ref().map(|o| o.as_str()),
                    Some("sweden").filter(|_| gaz.entity(&EntityId::slug_of("sweden")).is_some()),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn a_later_surname_reaches_the_provisional_person() {
        let gaz = gazetteer();
        let text = "Olav Brenn, an analyst at a think tank in Lund, said the plan was late.\n\nBrenn said the port would open in May.";
        let f = found(&gaz, text);
        let brenn: Vec<&str> = f
            .mentions
            .iter()
            .filter(|m| m.entity.as_str() == "olav_brenn")
            .map(|m| m.span.slice(text))
            .collect();
        assert_eq!(brenn, ["Olav Brenn", "Brenn"]);
    }

    #[test]
    fn name_words_have_the_shape_of_a_name() {
        for (w, ok) in [
            ("Jane", true),
            ("Amir-Abdollahian", true),
            ("O'Brien", true),
            ("McDonald", true),
            ("NATO", false),
            ("IAEA", false),
            ("jane", false),
            ("J", false),
            ("Roe's", false),
            ("Jane2", false),
        ] {
            assert_eq!(name_word(w), ok, "{w}");
        }
    }
}
