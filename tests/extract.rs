//! Extraction on sentences written for these tests (not taken from the sample corpus): one
//! table row per pattern of news writing the extractor handles, run with the repository's
//! schemas; and a property: extraction never panics and every span lies inside the text on
//! character boundaries.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use newsgraph::corpus::Document;
use newsgraph::extract::{extract, DocFacts, Gazetteer};
use newsgraph::schema::Schema;
use proptest::prelude::*;

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let schema =
            Schema::load(Path::new("schemas")).expect("the schemas of the repository load");
        Gazetteer::new(&schema)
    })
}

/// Extracts `body` (after a title line) as a document of `date` ("" for none).
fn run(body: &str, date: &str) -> DocFacts {
    let text = format!("Test article\n\n{body}\n");
    let mut doc = Document::from_text("t", text);
    doc.date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    extract(gaz(), &doc)
}

/// Statements rendered as `speaker [cue] about,about | text`.
fn render(f: &DocFacts) -> Vec<String> {
    f.statements
        .iter()
        .map(|s| {
            let about: Vec<&str> = s.about.iter().map(|a| a.as_str()).collect();
            format!("{} [{}] {} | {}", s.speaker, s.cue, about.join(","), s.text)
        })
        .collect()
}

fn check(name: &str, date: &str, body: &str, expected: &[&str]) {
    let got = render(&run(body, date));
    assert_eq!(got, expected, "case `{name}`: {body:?}");
}

#[test]
fn statement_patterns() {
    let table: &[(&str, &str, &str, &[&str])] = &[
        ("named person indirect", "2022-01-10", "Sergei Lavrov said that NATO must stop its expansion.", &[
            "sergei_lavrov [said] nato | NATO must stop its expansion.",
        ]),
        ("title plus name", "2022-01-10", "Kremlin Spokesman Dmitry Peskov stressed that Moscow posed no threat to Ukraine.", &[
            "dmitry_peskov [stressed] russia,ukraine | Moscow posed no threat to Ukraine.",
        ]),
        ("role description at date", "2022-01-20", "The Secretary of State said the alliance would stay united.", &[
            "antony_blinken [said] nato | the alliance would stay united.",
        ]),
        ("one-word office of a state not named", "2022-01-20", "The talks ended. \"We will go on,\" the leader said.", &[]),
        ("possessive role description", "2022-01-20", "Russia's deputy foreign minister warned that Washington was ignoring Russian concerns.", &[
            "russia [warned] russia,united_states | Washington was ignoring Russian concerns.",
        ]),
        ("unnamed state department", "2022-01-20", "A US Department of State spokesperson said Washington remained open to dialogue.", &[
            "us_state_department [said] united_states | Washington remained open to dialogue.",
        ]),
        ("senior administration official", "2022-01-20", "A senior administration official said the United States would respond in writing.", &[
            "united_states [said] united_states | the United States would respond in writing.",
        ]),
        ("nsc spokesman", "2022-01-20", "A White House National Security Council spokesman said Kiev would be consulted.", &[
            "us_national_security_council [said] ukraine | Kiev would be consulted.",
        ]),
        ("pronoun he", "2022-01-20", "Sergei Ryabkov met the press in Geneva. He said Russia needed guarantees.", &[
            "sergei_ryabkov [said] russia | Russia needed guarantees.",
        ]),
        ("pronoun she", "2022-01-20", "Jen Psaki spoke after the meeting. She added that NATO was united.", &[
            "jen_psaki [added] nato | NATO was united.",
        ]),
        ("wrong pronoun robust", "2022-01-20", "Wendy Sherman spoke for two hours. He also commented that Moscow wanted a deal.", &[
            "wendy_sherman [commented] russia | Moscow wanted a deal.",
        ]),
        ("definite description spokesperson", "2022-01-20", "A US Department of State spokesperson said talks were possible. Later, the spokesperson added that Russia must de-escalate.", &[
            "us_state_department [said]  | talks were possible.",
            "us_state_department [added] russia | Russia must de-escalate.",
        ]),
        ("definite description official", "2022-01-20", "A senior administration official told reporters that Russia had been warned. The official said NATO would not yield.", &[
            "united_states [told reporters] russia | Russia had been warned.",
            "united_states [said] nato | NATO would not yield.",
        ]),
        ("the diplomat", "2022-01-20", "Wendy Sherman led the delegation. The American diplomat said Russia must pull back its troops.", &[
            "wendy_sherman [said] russia | Russia must pull back its troops.",
        ]),
        ("the deputy minister", "2022-01-20", "Sergei Ryabkov spoke after the talks. The deputy minister noted that Washington had heard Moscow.", &[
            "sergei_ryabkov [noted] russia,united_states | Washington had heard Moscow.",
        ]),
        ("collective country", "2022-01-20", "Russia denies any plans to attack Ukraine.", &[
            "russia [denies] ukraine | any plans to attack Ukraine.",
        ]),
        ("collective kremlin", "2022-01-20", "The Kremlin stressed that NATO expansion was unacceptable.", &[
            "kremlin [stressed] nato | NATO expansion was unacceptable.",
        ]),
        ("collective officials", "2022-01-20", "Russian officials confirmed that they would travel to Vienna.", &[
            "russia [confirmed] vienna | they would travel to Vienna.",
        ]),
        ("direct quote then attribution", "2022-01-20", "\"We will not give up on diplomacy,\" Antony Blinken said.", &[
            "antony_blinken [said]  | We will not give up on diplomacy",
        ]),
        ("attribution then quote colon", "2022-01-20", "Sergei Lavrov said on Friday: \"The ball is in the American court.\"", &[
            "sergei_lavrov [said] united_states | The ball is in the American court.",
        ]),
        ("inverted attribution", "2022-01-20", "\"We have nothing to add,\" said Dmitry Peskov.", &[
            "dmitry_peskov [said]  | We have nothing to add",
        ]),
        ("curly quotes and pronoun", "2022-01-20", "“Russia has a choice to make,” she said.", &[
        ]),
        ("guillemets", "2022-01-20", "Sergei Lavrov called the offer «a step forward», adding nothing else. «We will study it carefully», Lavrov said.", &[
            "sergei_lavrov [said]  | We will study it carefully",
        ]),
        ("single quotes", "2022-01-20", "‘Nobody wants a war,’ Dmitry Peskov said.", &[
            "dmitry_peskov [said]  | Nobody wants a war",
        ]),
        ("dash quote", "2022-01-20", "– We will answer in writing. Then we will decide how to proceed–” Antony Blinken said.", &[
            "antony_blinken [said]  | We will answer in writing. Then we will decide how to proceed",
        ]),
        ("multi sentence quote", "2022-01-20", "\"This is serious. We are ready. Nobody should doubt it,\" Jen Psaki said.", &[
            "jen_psaki [said]  | This is serious. We are ready. Nobody should doubt it",
        ]),
        ("quote across paragraphs", "2022-01-20", "\"We asked for guarantees.\n\n\"We will wait for an answer,\" Sergei Ryabkov said.", &[
            "sergei_ryabkov [said]  | We asked for guarantees.",
            "sergei_ryabkov [said]  | We will wait for an answer",
        ]),
        ("in his words", "2022-01-20", "The spokesperson spoke at length. In his words, Joe Biden \"made clear that the United States stands with Ukraine.\"", &[
            "joe_biden [made clear] ukraine,united_states | the United States stands with Ukraine.",
        ]),
        ("according to leading", "2022-01-20", "According to Sergei Lavrov, the talks in Geneva were useful.", &[
            "sergei_lavrov [according to]  | the talks in Geneva were useful.",
        ]),
        ("according to trailing", "2022-01-20", "The talks were useful, according to Deputy Foreign Minister Sergei Ryabkov.", &[
            "sergei_ryabkov [according to]  | The talks were useful",
        ]),
        ("quoted as saying by", "2022-01-20", "Moscow is ready for talks, Dmitry Peskov was quoted as saying by Newsweek.", &[
            "dmitry_peskov [quoted as saying] russia | Moscow is ready for talks",
        ]),
        ("quoted x as saying", "2022-01-20", "Interfax quoted Sergei Ryabkov as saying that Russia would not back down.", &[
            "sergei_ryabkov [quoted as saying] russia | Russia would not back down.",
        ]),
        ("told reporters", "2022-01-20", "Antony Blinken told reporters that NATO would stay open.", &[
            "antony_blinken [told reporters] nato | NATO would stay open.",
        ]),
        ("conjoined verbs", "2022-01-20", "Dmitry Peskov did not rule out new talks and warned that sanctions would backfire on Washington.", &[
            "dmitry_peskov [warned] united_states | sanctions would backfire on Washington.",
        ]),
        ("nested speech", "2022-01-20", "Jen Psaki said that Joe Biden made clear that Ukraine would be consulted.", &[
            "jen_psaki [said] joe_biden,ukraine | Joe Biden made clear that Ukraine would be consulted.",
            "joe_biden [made clear] ukraine | Ukraine would be consulted.",
        ]),
        ("trailing attribution", "2022-01-20", "Jen Psaki spoke on Monday. No decision about Ukraine will be made without Kiev, the spokeswoman said.", &[
            "jen_psaki [said] ukraine | No decision about Ukraine will be made without Kiev",
        ]),
        ("headline attribution", "2022-01-20", "NATO Will Not Close Its Doors, Kremlin Spokesman Says\n\nThe talks ended late on Friday.", &[
            "dmitry_peskov [says] nato | NATO Will Not Close Its Doors",
        ]),
        ("relay outlet", "2022-01-20", "The Russian Foreign Ministry confirmed that Moscow would attend the talks, RIA Novosti reported.", &[
            "russian_foreign_ministry [confirmed] russia | Moscow would attend the talks",
        ]),
        ("own side her country", "2022-01-20", "Wendy Sherman said her country would defend its allies.", &[
            "wendy_sherman [said] united_states | her country would defend its allies.",
        ]),
        ("provisional person", "2022-01-20", "Russian Deputy Defense Minister Alexander Fomin said that NATO drills were a threat.", &[
            "alexander_fomin [said] nato | NATO drills were a threat.",
        ]),
        ("passive not speech", "2022-01-20", "Russia has been accused of massing troops near Ukraine.", &[
        ]),
        ("relative clause background", "2022-01-20", "The US administration, which believes that Moscow is bluffing, has promised tough sanctions.", &[
            "united_states [promised]  | promised tough sanctions.",
        ]),
        ("wh clause not speech", "2022-01-20", "This is how Antony Blinken answered the question about Moscow.", &[
        ]),
        ("scare quotes not statements", "2022-01-20", "The draft treaty calls the plan \"a hotline\" between the parties.", &[
        ]),
        ("duplicate paragraph", "2022-01-20", "Russia is ready to talk, Dmitry Peskov said.\n\nRussia is ready to talk, Dmitry Peskov said.", &[
            "dmitry_peskov [said] russia | Russia is ready to talk",
        ]),
        ("missing space after stop", "2022-01-20", "The talks ended on Thursday.Sergei Lavrov said that Moscow was disappointed.", &[
            "sergei_lavrov [said] russia | Moscow was disappointed.",
        ]),
        ("glued words", "2022-01-20", "The negotiations were toughSergei Lavrov said Moscow would wait.", &[
            "sergei_lavrov [said] russia | Moscow would wait.",
        ]),
        ("multi cue quotes in paragraph", "2022-01-20", "A Pentagon spokesman said the talks were useful. \"We are hopeful,\" the spokesman added. \"We will keep talking,\" he said.", &[
            "pentagon [said]  | the talks were useful.",
            "pentagon [added]  | We are hopeful",
            "pentagon [said]  | We will keep talking",
        ]),
        ("attribution by description after quote", "2022-01-20", "Dmitry Peskov spoke to journalists. \"There will be no invasion,\" the Kremlin spokesman said.", &[
            "dmitry_peskov [said]  | There will be no invasion",
        ]),
        ("according to him", "2022-01-20", "Sergei Lavrov spoke in Moscow. According to him, NATO ignored the proposals.", &[
            "sergei_lavrov [according to] nato | NATO ignored the proposals.",
        ]),
        ("partial quote in reported words", "2022-01-20", "Vladimir Putin told Joe Biden that sanctions would be a \"colossal mistake\", Kremlin aide Yury Ushakov told reporters.", &[
            "yury_ushakov [told reporters] joe_biden,vladimir_putin | Vladimir Putin told Joe Biden that sanctions would be a \"colossal mistake\"",
        ]),
        ("appositive name", "2022-01-20", "A Pentagon spokesman, John Kirby, said the US was watching closely.", &[
            "john_kirby [said] united_states | the US was watching closely.",
        ]),
        ("dateline", "2022-01-20", "MOSCOW, Jan 20 (Reuters) - Russia will respond soon, Dmitry Peskov said on Thursday.", &[
            "dmitry_peskov [said] russia | Russia will respond soon",
        ]),
        ("body by its common noun", "2022-01-20", "The Russian Foreign Ministry published the draft. The ministry said the West must respond within weeks.", &[
            "russian_foreign_ministry [said]  | the West must respond within weeks.",
        ]),
        ("contrasting clause", "2022-01-20", "Dmitry Peskov said the Kremlin was open to talks, while Sergei Ryabkov warned that NATO was not listening.", &[
            "dmitry_peskov [said] kremlin | the Kremlin was open to talks",
            "sergei_ryabkov [warned] nato | NATO was not listening.",
        ]),
        ("quote split by its attribution", "2022-01-20", "\"We are ready,\" Sergei Lavrov said, \"but not at any price.\"", &[
            "sergei_lavrov [said]  | We are ready",
            "sergei_lavrov [said]  | but not at any price.",
        ]),
        ("colon introduces a quote in the next paragraph", "2022-01-20", "Sergei Lavrov told reporters on Friday:\n\n\"We will not wait forever.\"", &[
            "sergei_lavrov [told reporters]  | We will not wait forever.",
        ]),
        ("headline with a speaker and a colon", "2022-01-20", "Lavrov: Russia will not wait forever\n\nThe minister spoke in Moscow.", &[
            "sergei_lavrov [:] russia | Russia will not wait forever",
        ]),
        ("attribution inside the words", "2022-01-20", "Wendy Sherman spoke in Geneva. The American side, she said, was open to discussing missile limits.", &[
            "wendy_sherman [said] united_states | The American side, she said, was open to discussing missile limits.",
        ]),
        ("second verb after but", "2022-01-20", "Sergei Ryabkov said the talks were useful but added that Moscow needed guarantees.", &[
            "sergei_ryabkov [said]  | the talks were useful",
            "sergei_ryabkov [added] russia | Moscow needed guarantees.",
        ]),
        ("participle after a quote", "2022-01-20", "\"We are not giving up,\" Antony Blinken said, warning that sanctions were ready.", &[
            "antony_blinken [said]  | We are not giving up",
            "antony_blinken [warning]  | sanctions were ready.",
        ]),
        ("participle after reported words", "2022-01-20", "Dmitry Peskov denied that Moscow posed a threat, saying troops were free to move.", &[
            "dmitry_peskov [denied] russia | Moscow posed a threat",
            "dmitry_peskov [saying]  | troops were free to move.",
        ]),
        ("surname after the full name", "2022-01-20", "Jake Sullivan spoke at the White House. Later, Sullivan told reporters that the US was ready.", &[
            "jake_sullivan [told reporters] united_states | the US was ready.",
        ]),
        ("unknown name in apposition to a title", "2022-01-20", "Estonia's foreign minister, Kadri Ilves, said the alliance must stay firm.", &[
            "kadri_ilves [said] nato | the alliance must stay firm.",
        ]),
        ("parenthetical between speaker and verb after a quote", "2022-01-20", "\"Nato is united,\" Jens Stoltenberg, the alliance chief who chaired the meeting, told reporters.", &[
            "jens_stoltenberg [told reporters] nato | Nato is united",
        ]),
        ("place of the event is not a target", "2022-01-20", "Polish Foreign Minister Zbigniew Rau said the talks in Vienna were vital.", &[
            "zbigniew_rau [said]  | the talks in Vienna were vital.",
        ]),
        ("pronoun for the subject of the sentence before", "2022-01-20", "Sergei Lavrov said NATO had ignored Moscow. The Kremlin spokesman, Dmitry Peskov, was calmer. The talks were useful, he said.", &[
            "sergei_lavrov [said] nato,russia | NATO had ignored Moscow.",
            "dmitry_peskov [said]  | The talks were useful",
        ]),
        ("unknown name after a title with its own phrase", "2022-01-20", "The British ambassador to the OSCE, Neil Holland, said Russia was isolated.", &[
            "neil_holland [said] russia | Russia was isolated.",
        ]),
        ("content first then verb and addressee", "2022-01-20", "NATO will not wait forever, Sergei Lavrov told Interfax on Wednesday.", &[
            "sergei_lavrov [told] nato | NATO will not wait forever",
        ]),
        ("same speaker again after but", "2022-01-20", "Dmitry Peskov said the talks had produced no results, but he added that the Kremlin would wait.", &[
            "dmitry_peskov [said]  | the talks had produced no results",
            "dmitry_peskov [added] kremlin | the Kremlin would wait.",
        ]),
        ("relative that is no report", "2022-01-20", "Wendy Sherman said Washington had rejected proposals that were unacceptable.", &[
            "wendy_sherman [said] united_states | Washington had rejected proposals that were unacceptable.",
        ]),
        ("quote continued after its attribution", "2022-01-20", "\"Russia has no veto,\" Jens Stoltenberg said. \"Each nation decides. That is final.\"", &[
            "jens_stoltenberg [said] russia | Russia has no veto",
            "jens_stoltenberg [said]  | Each nation decides. That is final.",
        ]),
        ("a quote inside reported words, then a second verb", "2022-01-20", "Maria Zakharova accused Washington of \"megaphone diplomacy\" and said the Russian side expected answers.", &[
            "maria_zakharova [accused] united_states | Washington of \"megaphone diplomacy\"",
            "maria_zakharova [said] russia | the Russian side expected answers.",
        ]),
        ("content first, then a titled speaker with a nationality", "2022-01-20", "Moscow will not wait forever, Russian Deputy Foreign Minister Sergei Ryabkov told TASS on Wednesday.", &[
            "sergei_ryabkov [told] russia | Moscow will not wait forever",
        ]),
        ("adding after a quote", "2022-01-20", "\"We will not yield,\" Wendy Sherman said, adding that NATO stayed open.", &[
            "wendy_sherman [said]  | We will not yield",
            "wendy_sherman [adding] nato | NATO stayed open.",
        ]),
        ("a report nested in a report, with an addressee", "2022-01-20", "Jen Psaki said Joe Biden had told Vladimir Putin during their call that Ukraine would be defended.", &[
            "jen_psaki [said] joe_biden,ukraine,vladimir_putin | Joe Biden had told Vladimir Putin during their call that Ukraine would be defended.",
            "joe_biden [told] ukraine | Ukraine would be defended.",
        ]),
        ("no that-clause jump over the reported words", "2022-01-20", "Dmitry Peskov said the talks had produced no results that Russia could welcome.", &[
            "dmitry_peskov [said] russia | the talks had produced no results that Russia could welcome.",
        ]),
        ("places listed after in", "2022-01-20", "Sergei Lavrov noted that the talks in Geneva, Brussels and Vienna had failed Russia.", &[
            "sergei_lavrov [noted] russia | the talks in Geneva, Brussels and Vienna had failed Russia.",
        ]),
        ("a coordinated clause with its own speaker", "2022-01-20", "Russia told the United States that it had no plans to attack, but Washington said Moscow had yet to show it.", &[
            "russia [told]  | it had no plans to attack",
            "united_states [said] russia | Moscow had yet to show it.",
        ]),
    ];
    for (name, date, body, expected) in table {
        check(name, date, body, expected);
    }
}

/// Entities mentioned, sorted.
fn check_entities(body: &str, expected: &[&str]) {
    let f = run(body, "2022-01-20");
    let got: Vec<String> = f.entities().iter().map(|e| e.to_string()).collect();
    assert_eq!(got, expected, "in {body:?}");
}

#[test]
fn mention_patterns() {
    let table: &[(&str, &[&str])] = &[
        // "US" is the state, "us" a pronoun.
        ("The US told us nothing.", &["united_states"]),
        // Possessives, typographic or not.
        (
            "Russia's army and Ukraine\u{2019}s army.",
            &["russia", "ukraine"],
        ),
        // A compound that is an entity of its own, and one that is two adjectives.
        (
            "The Russia-NATO Council met.",
            &["nato", "nato_russia_council", "russia"],
        ),
        (
            "Russian-American talks resumed.",
            &["russia", "united_states"],
        ),
        // Metonyms: capitals as governments, the alliance; the city after "in".
        (
            "Washington and Moscow disagree; the alliance is united.",
            &["nato", "russia", "united_states"],
        ),
        ("The envoys met in Washington.", &["washington"]),
        ("Kiev rejected the plan.", &["ukraine"]),
        // A country that only locates a city is not mentioned.
        (
            "The envoy flew to Brussels, Belgium, on Monday.",
            &["brussels"],
        ),
        // Names inside longer names count as mentions.
        (
            "The White House National Security Council met.",
            &["us_national_security_council", "white_house"],
        ),
        (
            "The Biden administration agreed.",
            &["joe_biden", "united_states"],
        ),
        // A nationality word in the title of a name qualifies the office.
        (
            "Polish Foreign Minister Zbigniew Rau spoke.",
            &["zbigniew_rau"],
        ),
        // A dateline names the city the story was filed from.
        (
            "MOSCOW, Jan 20 (Reuters) - Russia will respond.",
            &["moscow", "reuters", "russia"],
        ),
        // House styles write long acronyms as words.
        ("Nato allies met.", &["nato"]),
        // Site furniture is not read.
        (
            "The talks ended.\nSee also  Antony Blinken cancels trip",
            &[],
        ),
    ];
    for (body, expected) in table {
        check_entities(body, expected);
    }
}

/// Events rendered as `type date place participants mode`.
fn check_events(body: &str, date: &str, expected: &[&str]) {
    let f = run(body, date);
    let got: Vec<String> = f
        .events
        .iter()
        .map(|e| {
            let d = e.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            let p = e
                .place
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_else(|| "-".into());
            let parts: Vec<&str> = e.participants.iter().map(|p| p.as_str()).collect();
            format!("{} {d} {p} {} {:?}", e.event_type, parts.join(","), e.mode)
        })
        .collect();
    assert_eq!(got, expected, "in {body:?}");
}

#[test]
fn event_patterns() {
    let table: &[(&str, &str, &[&str])] = &[
        (
            "Consultations took place in Geneva on January 10, followed by a meeting of the NATO-Russia Council in Brussels on January 12.",
            "2022-01-16",
            &["talks 2022-01-10 geneva  Past", "meeting 2022-01-12 brussels nato_russia_council Past"],
        ),
        ("Russia and NATO will hold talks on Jan. 12.", "2021-12-28", &["talks 2022-01-12 - nato,russia Planned"]),
        ("On December 17, 2021, the Russian Foreign Ministry released a draft treaty.", "2022-01-16", &["proposal 2021-12-17 - russian_foreign_ministry Past"]),
        ("Joe Biden signed the bill on Monday.", "2021-12-28", &["signing 2021-12-27 - joe_biden Past"]),
        (
            "The talks will be followed by a meeting in Brussels on Wednesday and a session in Vienna on Thursday.",
            "2022-01-10",
            &["meeting 2022-01-12 brussels  Planned", "session 2022-01-13 vienna  Planned"],
        ),
        (
            "Negotiators will meet in Geneva on January 10, with NATO-Russia talks following in Brussels two days later.",
            "2021-12-31",
            &["meeting 2022-01-10 geneva  Planned", "talks 2022-01-12 brussels nato,russia Planned"],
        ),
        (
            "Joe Biden warned Vladimir Putin in a phone call on Thursday that sanctions would follow.",
            "2021-12-31",
            &["call 2021-12-30 - joe_biden,vladimir_putin Past"],
        ),
        (
            "The January 12 talks with the alliance will be followed by the next day's meeting with the OSCE.",
            "2022-01-10",
            &["talks 2022-01-12 - nato Planned", "meeting 2022-01-13 - osce Planned"],
        ),
        // A date right after a reporting verb is when the words were said.
        (
            "Dmitry Peskov said on Tuesday that Vladimir Putin would get a report after the talks with NATO.",
            "2022-01-12",
            &["talks - - nato Planned"],
        ),
        // Present tense with a weekday schedules; an adjective like "upcoming" only marks its
        // own noun.
        (
            "The NATO-Russia Council meets on Wednesday.",
            "2022-01-07",
            &["meeting 2022-01-12 - nato_russia_council Planned"],
        ),
        (
            "Antony Blinken discussed the upcoming talks with Jens Stoltenberg in a phone call on Thursday.",
            "2022-01-07",
            &["talks - - antony_blinken,jens_stoltenberg Planned", "call 2022-01-06 -  Past"],
        ),
        // Without a document date, a month and day take the year of a full date in the text.
        (
            "On December 17, 2021, Moscow made its demands. The talks in Geneva on January 10 were long.",
            "",
            &["talks 2022-01-10 geneva  Past"],
        ),
        // Without any year, the date stays unknown.
        ("The talks in Geneva on January 10 were long.", "", &["talks - geneva  Past"]),
    ];
    for (body, date, expected) in table {
        check_events(body, date, expected);
    }
}

#[test]
fn provisional_people() {
    let f = run("Russian Deputy Trade Minister Ivan Petrov said that sanctions would fail. Petrov added that Moscow was ready.", "2022-01-20");
    let ids: Vec<String> = f.provisional.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(ids, ["ivan_petrov"]);
    let p = &f.provisional[0];
    assert!(p.provisional);
    assert_eq!(p.kind, "person");
    assert_eq!(p.roles[0].title, "Deputy Trade Minister");
    assert_eq!(p.roles[0].of.as_ref().map(|o| o.as_str()), Some("russia"));
    let speakers: Vec<String> = f.statements.iter().map(|s| s.speaker.to_string()).collect();
    assert_eq!(speakers, ["ivan_petrov", "ivan_petrov"]);
    assert!(f.statements.iter().all(|s| s.provisional));
}

#[test]
fn unclosed_quote_is_a_warning() {
    let f = run(
        "Jen Psaki said \"we will wait and see.\n\nThe talks ended.",
        "2022-01-20",
    );
    assert_eq!(f.diagnostics.len(), 1);
    assert_eq!(f.diagnostics[0].position, Some((3, 16)));
    // A quote continued in the next paragraph is not odd.
    let f = run(
        "\"We will wait.\n\n\"We will see,\" Jen Psaki said.",
        "2022-01-20",
    );
    assert!(f.diagnostics.is_empty());
}

#[test]
fn relay_recorded() {
    let f = run(
        "Moscow is ready for talks, Dmitry Peskov was quoted as saying by Newsweek.",
        "2022-01-20",
    );
    assert_eq!(f.statements.len(), 1);
    assert_eq!(f.statements[0].speaker.as_str(), "dmitry_peskov");
    assert_eq!(
        f.statements[0].relay.as_ref().map(|r| r.as_str()),
        Some("newsweek")
    );
}

fn spans_ok(text: &str, f: &DocFacts) -> bool {
    let ok = |s: newsgraph::diag::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    f.mentions.iter().all(|m| ok(m.span))
        && f.statements.iter().all(|s| {
            ok(s.span)
                && ok(s.sentence)
                && s.speaker_span.is_none_or(ok)
                && s.span.slice(text) == s.text
        })
        && f.events.iter().all(|e| ok(e.span))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Arbitrary text never makes extraction panic, and every span fits the text.
    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,400}") {
        let doc = Document::from_text("p", text.clone());
        let f = extract(gaz(), &doc);
        prop_assert!(spans_ok(&text, &f));
    }

    /// Text made of news-like pieces (names, cues, quotes, dashes, dates) exercises every
    /// rule; still no panic and spans fit.
    #[test]
    fn never_panics_on_newsy_text(parts in proptest::collection::vec(prop_oneof![
        Just("Sergei Lavrov"), Just(" said"), Just(" that "), Just("\u{201c}"), Just("\u{201d}"), Just("\""),
        Just(" \u{2013} "), Just(", "), Just(". "), Just("\n"), Just("\n\n"), Just("the spokesman"), Just(" he "),
        Just("according to"), Just(" was quoted as saying by Newsweek"), Just("on January 10"), Just("talks"),
        Just("Russia's"), Just("Deputy Defense Minister Ivan Petrov"), Just("\u{00ab}"), Just("\u{00bb}"),
        Just("\u{2018}"), Just("\u{2019}"), Just("in Geneva"), Just("Ж"), Just("U.S."), Just("NATO-Russia Council"),
        Just("the next day's meeting"), Just("GENEVA, Jan 10 (Reuters) - "), Just("\u{00e9}"), Just("Monday"),
    ], 0..40)) {
        let text: String = parts.concat();
        let mut doc = Document::from_text("p", text.clone());
        doc.date = NaiveDate::from_ymd_opt(2022, 1, 16);
        let f = extract(gaz(), &doc);
        prop_assert!(spans_ok(&text, &f));
    }
}
