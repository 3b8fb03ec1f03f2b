//! Test fixtures: small graphs built by hand, shaped like the graphs `graph` builds (said,
//! about, reported_in and said_about edges for statements, participated_in and held_in for
//! events, holds_role and part_of from the schema), so queries are tested without extraction.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::diag::Span;
use crate::extract::{EventDateSource, EventMode, StatementKind};
use crate::graph::{
    DocumentNode, Edge, EdgeKind, EntityNode, EventNode, KnowledgeGraph, Node, NodeIx, Provenance,
    StatementNode,
};
use crate::schema::{EntityId, Role};

pub fn id(s: &str) -> EntityId {
    EntityId::new(s).unwrap_or_else(|| panic!("bad id {s}"))
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| panic!("bad date {s}"))
}

pub fn prov(doc: &str, start: usize, end: usize) -> Provenance {
    Provenance::new(doc, Span::new(start, end), 0)
}

/// Builds a graph step by step; `finish` adds the said_about projection.
#[derive(Default)]
pub struct Builder {
    pub kg: KnowledgeGraph,
    said_about: BTreeMap<(EntityId, EntityId), Edge>,
}

impl Builder {
    pub fn entity(
        &mut self,
        ident: &str,
        kind: &str,
        name: &str,
        aliases: &[&str],
        mentions: &[Provenance],
    ) -> NodeIx {
        self.kg.add_node(Node::Entity(Box::new(EntityNode {
            id: id(ident),
            kind: kind.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            gender: None,
            roles: vec![],
            states: vec![],
            provisional: false,
            mentions: mentions.to_vec(),
        })))
    }

    fn ix(&self, ident: &str) -> NodeIx {
        self.kg
            .entity_ix(&id(ident))
            .unwrap_or_else(|| panic!("no entity {ident}"))
    }

    pub fn role(
        &mut self,
        person: &str,
        title: &str,
        of: &str,
        from: Option<&str>,
        until: Option<&str>,
    ) {
        let (p, o) = (self.ix(person), self.ix(of));
        if let Some(Node::Entity(e)) = self.kg.graph.node_weight_mut(p) {
            e.roles.push(Role {
                title: title.into(),
                of: Some(id(of)),
                from: from.map(date),
                until: until.map(date),
            });
        }
        let mut edge = Edge::new(EdgeKind::HoldsRole);
        edge.set_label(title);
        self.kg.add_edge(p, o, edge);
    }

    pub fn part_of(&mut self, part: &str, whole: &str) {
        let (p, w) = (self.ix(part), self.ix(whole));
        self.kg.add_edge(p, w, Edge::new(EdgeKind::PartOf));
    }

    pub fn document(&mut self, doc: &str, outlet: Option<&str>, d: &str) -> NodeIx {
        self.kg.add_node(Node::Document(DocumentNode {
            id: doc.into(),
            title: Some(format!("Title of {doc}")),
            date: Some(date(d)),
            outlet: outlet.map(str::to_string),
            url: None,
        }))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn statement(
        &mut self,
        key: &str,
        speaker: &str,
        act: &str,
        text: &str,
        about: &[&str],
        d: Option<&str>,
        sources: &[Provenance],
        relays: &[&str],
    ) {
        let s = self.kg.add_node(Node::Statement(StatementNode {
            key: key.into(),
            speaker: id(speaker),
            kind: StatementKind::Direct,
            cue: "said".into(),
            act: act.into(),
            text: text.into(),
            about: about.iter().map(|a| id(a)).collect(),
            relays: relays.iter().map(|a| id(a)).collect(),
            date: d.map(date),
            sources: sources.into(),
        }));
        let sp = self.ix(speaker);
        self.kg.add_edge(sp, s, Edge::new(EdgeKind::Said));
        for a in about {
            let t = self.ix(a);
            self.kg.add_edge(s, t, Edge::new(EdgeKind::About));
            let e = self
                .said_about
                .entry((id(speaker), id(a)))
                .or_insert_with(|| {
                    let mut e = Edge::new(EdgeKind::SaidAbout);
                    e.weight = 0;
                    e
                });
            e.weight += 1;
            e.count_act(act);
            if let Some(d) = d.map(date) {
                e.first = Some(e.first.map_or(d, |f| f.min(d)));
                e.last = Some(e.last.map_or(d, |l| l.max(d)));
            }
        }
        for p in sources {
            if let Some(dx) = self.kg.by_key(&format!("d:{}", p.doc)) {
                self.kg.add_edge(s, dx, Edge::new(EdgeKind::ReportedIn));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn event(
        &mut self,
        key: &str,
        ty: &str,
        d: Option<&str>,
        src: EventDateSource,
        place: Option<&str>,
        who: &[&str],
        text: &str,
        sources: &[Provenance],
    ) {
        let v = self.kg.add_node(Node::Event(EventNode {
            key: key.into(),
            event_type: ty.into(),
            date: d.map(date),
            date_source: src,
            place: place.map(id),
            participants: who.iter().map(|w| id(w)).collect(),
            mode: EventMode::Past,
            text: text.into(),
            sources: sources.into(),
        }));
        for w in who {
            let p = self.ix(w);
            self.kg.add_edge(p, v, Edge::new(EdgeKind::ParticipatedIn));
        }
        if let Some(pl) = place {
            let p = self.ix(pl);
            self.kg.add_edge(v, p, Edge::new(EdgeKind::HeldIn));
        }
        for p in sources {
            if let Some(dx) = self.kg.by_key(&format!("d:{}", p.doc)) {
                self.kg.add_edge(v, dx, Edge::new(EdgeKind::ReportedIn));
            }
        }
    }

    pub fn finish(mut self) -> KnowledgeGraph {
        for ((a, b), e) in std::mem::take(&mut self.said_about) {
            let (x, y) = (self.ix(a.as_str()), self.ix(b.as_str()));
            self.kg.add_edge(x, y, e);
        }
        self.kg
    }
}

/// A small graph shaped like the sample corpus (three documents, a dozen actors).
pub fn sample() -> KnowledgeGraph {
    let mut b = Builder::default();
    b.document("doc_a", Some("TASS"), "2022-01-16");
    b.document("doc_b", Some("TASS"), "2022-01-16");
    b.document("doc_c", Some("RIA Novosti"), "2022-01-14");
    b.entity(
        "joe_biden",
        "person",
        "Joe Biden",
        &["Biden", "President Biden"],
        &[prov("doc_a", 10, 19), prov("doc_b", 5, 14)],
    );
    b.entity(
        "dmitry_peskov",
        "person",
        "Dmitry Peskov",
        &["Peskov"],
        &[prov("doc_a", 300, 306)],
    );
    b.entity(
        "sergei_lavrov",
        "person",
        "Sergei Lavrov",
        &["Lavrov"],
        &[prov("doc_c", 40, 46)],
    );
    b.entity(
        "sergei_ryabkov",
        "person",
        "Sergei Ryabkov",
        &["Ryabkov"],
        &[prov("doc_c", 90, 97)],
    );
    b.entity(
        "united_states",
        "country",
        "United States",
        &["US", "U.S.", "Washington"],
        &[prov("doc_a", 30, 32)],
    );
    b.entity(
        "washington_dc",
        "place",
        "Washington, D.C.",
        &["Washington"],
        &[],
    );
    b.entity(
        "russia",
        "country",
        "Russia",
        &["Russian Federation"],
        &[
            prov("doc_a", 50, 56),
            prov("doc_b", 60, 66),
            prov("doc_c", 10, 16),
        ],
    );
    b.entity(
        "nato",
        "organization",
        "NATO",
        &["the alliance", "North Atlantic Treaty Organization"],
        &[prov("doc_a", 70, 74)],
    );
    b.entity(
        "ukraine",
        "country",
        "Ukraine",
        &["Kiev", "Kyiv"],
        &[prov("doc_a", 350, 357)],
    );
    b.entity("kremlin", "organization", "Kremlin", &["the Kremlin"], &[]);
    b.entity(
        "us_state_department",
        "organization",
        "US Department of State",
        &["State Department"],
        &[prov("doc_a", 100, 125)],
    );
    b.entity("geneva", "place", "Geneva", &[], &[prov("doc_a", 250, 256)]);
    b.entity(
        "newsweek",
        "media",
        "Newsweek",
        &[],
        &[prov("doc_a", 140, 148)],
    );
    b.role(
        "joe_biden",
        "President",
        "united_states",
        Some("2021-01-20"),
        None,
    );
    b.role(
        "dmitry_peskov",
        "Spokesman",
        "kremlin",
        Some("2012-05-22"),
        None,
    );
    b.role(
        "sergei_lavrov",
        "Minister of Foreign Affairs",
        "russia",
        Some("2004-03-09"),
        None,
    );
    b.part_of("kremlin", "russia");
    b.part_of("us_state_department", "united_states");
    b.statement(
        "biden_warn",
        "joe_biden",
        "warn",
        "if Russia chooses to pursue confrontation, the United States and our NATO Allies will impose significant and severe economic harm on the Russian economy",
        &["nato", "russia", "united_states"],
        Some("2022-01-16"),
        &[prov("doc_a", 20, 180), prov("doc_b", 20, 180)],
        &[],
    );
    b.statement(
        "peskov_deny",
        "dmitry_peskov",
        "deny",
        "empty and unfounded",
        &["russia", "ukraine"],
        Some("2022-01-16"),
        &[prov("doc_a", 320, 340)],
        &[],
    );
    b.statement(
        "state_hope",
        "us_state_department",
        "assert",
        "We are hopeful these talks will continue",
        &["russia"],
        Some("2022-01-16"),
        &[prov("doc_a", 200, 240)],
        &["newsweek"],
    );
    b.statement(
        "lavrov_nato",
        "sergei_lavrov",
        "assert",
        "NATO expansion threatens Russia",
        &["nato", "russia"],
        Some("2022-01-14"),
        &[prov("doc_c", 50, 80)],
        &[],
    );
    b.statement(
        "ryabkov_undated",
        "sergei_ryabkov",
        "warn",
        "there is no point in meeting again",
        &["nato"],
        None,
        &[prov("doc_c", 100, 130)],
        &[],
    );
    b.event(
        "geneva_talks",
        "talks",
        Some("2022-01-10"),
        EventDateSource::Stated,
        Some("geneva"),
        &["russia", "sergei_ryabkov", "united_states"],
        "Consultations on the issue took place in Geneva",
        &[prov("doc_a", 240, 290)],
    );
    b.event(
        "council_meeting",
        "meeting",
        Some("2022-01-12"),
        EventDateSource::Relative,
        None,
        &["nato", "russia"],
        "a meeting of the Russia-NATO Council",
        &[prov("doc_a", 292, 330), prov("doc_c", 20, 40)],
    );
    b.finish()
}
