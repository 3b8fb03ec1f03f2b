//! English verb inflection for the lexicon: the surface forms of a reporting verb or phrase
//! from its lemma ("stress" -> "stresses", "stressed", "stressing"; "sum up" -> "summed up").
//!
//! Regular rules cover spelling changes (-e, -y, -ie, sibilants, consonant doubling, British
//! -ise and -lled spellings); a table holds the irregular verbs of news writing. A phrase
//! inflects its first word and keeps the rest.

/// Irregular verbs: lemma, past tense, past participle.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("be", "was", "been"),
    ("bear", "bore", "borne"),
    ("begin", "began", "begun"),
    ("bid", "bid", "bid"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("broadcast", "broadcast", "broadcast"),
    ("cast", "cast", "cast"),
    ("come", "came", "come"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("forbid", "forbade", "forbidden"),
    ("forecast", "forecast", "forecast"),
    ("foresee", "foresaw", "foreseen"),
    ("foretell", "foretold", "foretold"),
    ("get", "got", "got"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("keep", "kept", "kept"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("leave", "left", "left"),
    ("let", "let", "let"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("pay", "paid", "paid"),
    ("put", "put", "put"),
    ("read", "read", "read"),
    ("rewrite", "rewrote", "rewritten"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shoot", "shot", "shot"),
    ("speak", "spoke", "spoken"),
    ("spell", "spelled", "spelled"),
    ("spin", "spun", "spun"),
    ("stand", "stood", "stood"),
    ("strike", "struck", "struck"),
    ("swear", "swore", "sworn"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("write", "wrote", "written"),
];

/// Verbs of more than one syllable stressed on the last, whose final consonant doubles
/// ("admit" -> "admitted"). One-syllable verbs follow the consonant-vowel-consonant rule.
const DOUBLING: &[&str] = &[
    "abet", "acquit", "admit", "allot", "aver", "commit", "compel", "concur", "confer", "control",
    "defer", "deter", "emit", "equip", "expel", "extol", "impel", "incur", "infer", "omit",
    "outwit", "patrol", "permit", "prefer", "propel", "rebut", "recur", "refer", "regret", "remit",
    "repel", "submit", "transmit", "transfer", "upset",
];

/// Third person singulars that the rules would get wrong.
const THIRD_PERSON: &[(&str, &str)] = &[("be", "is"), ("have", "has"), ("do", "does")];

/// The forms of one verb (a single word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForms {
    /// "stress"
    pub base: String,
    /// "stresses"
    pub third: String,
    /// "stressed"; with a second spelling ("signaled", "signalled") when both are usual.
    pub past: Vec<String>,
    /// "stressed", "spoken": past participles that differ from the past tense.
    pub participle: Vec<String>,
    /// "stressing"
    pub gerund: Vec<String>,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Number of vowel groups of a word: roughly its syllables ("u" after "q" is no vowel, a
/// final silent "e" is not counted).
fn syllables(w: &str) -> usize {
    let b = w.as_bytes();
    let mut n = 0;
    let mut prev_vowel = false;
    for (i, &c) in b.iter().enumerate() {
        let v = (is_vowel(c) || (c == b'y' && i > 0))
            && !(c == b'u' && i > 0 && b[i - 1] == b'q')
            && !(c == b'e' && i + 1 == b.len() && i > 0 && n > 0 && !prev_vowel);
        if v && !prev_vowel {
            n += 1;
        }
        prev_vowel = v;
    }
    n.max(1)
}

/// True when the final consonant doubles before "-ed" and "-ing": listed verbs stressed on
/// the last syllable, and one-syllable words ending consonant, single vowel, consonant
/// ("sum", "quip", "chat"), but not in w, x or y.
fn doubles(w: &str) -> bool {
    if DOUBLING.contains(&w) {
        return true;
    }
    let b = w.as_bytes();
    let n = b.len();
    if n < 3 || syllables(w) != 1 {
        return false;
    }
    let (c0, v, c1) = (b[n - 3], b[n - 2], b[n - 1]);
    let qu = n >= 4 && c0 == b'u' && b[n - 4] == b'q';
    c1.is_ascii_lowercase()
        && !is_vowel(c1)
        && !matches!(c1, b'w' | b'x' | b'y')
        && is_vowel(v)
        && (!is_vowel(c0) || qu)
}

/// The inflections of one word, lower case ASCII letters expected (others are kept as
/// they are and get the plain "-s", "-ed", "-ing").
pub fn inflect_word(w: &str) -> VerbForms {
    let b = w.as_bytes();
    let n = b.len();
    let last = b.last().copied().unwrap_or(b' ');
    let before_last = if n >= 2 { b[n - 2] } else { b' ' };
    let ends = |s: &str| w.ends_with(s);
    let consonant_y = last == b'y' && n >= 2 && !is_vowel(before_last);
    let stem = |k: usize| w.get(..n.saturating_sub(k)).unwrap_or(w);

    let third = if let Some(&(_, t)) = THIRD_PERSON.iter().find(|(l, _)| *l == w) {
        t.to_string()
    } else if consonant_y {
        format!("{}ies", stem(1))
    } else if ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") || ends("o") {
        format!("{w}es")
    } else {
        format!("{w}s")
    };

    let dbl = doubles(w);
    // British doubling of a final "l" after a single vowel in an unstressed syllable
    // ("signal" -> "signalled" beside "signaled").
    let british_l = !dbl
        && last == b'l'
        && is_vowel(before_last)
        && n >= 3
        && !is_vowel(b[n - 3])
        && syllables(w) > 1;
    let doubled = |suffix: &str| format!("{w}{}{suffix}", char::from(last));

    let (past, participle) = if let Some(&(_, p, pp)) = IRREGULAR.iter().find(|(l, ..)| *l == w) {
        let part = if pp == p {
            vec![]
        } else {
            vec![pp.to_string()]
        };
        (vec![p.to_string()], part)
    } else if dbl {
        (vec![doubled("ed")], vec![])
    } else if consonant_y {
        (vec![format!("{}ied", stem(1))], vec![])
    } else if last == b'e' {
        (vec![format!("{w}d")], vec![])
    } else if last == b'c' {
        (vec![format!("{w}ked")], vec![])
    } else if british_l {
        (vec![format!("{w}ed"), doubled("ed")], vec![])
    } else {
        (vec![format!("{w}ed")], vec![])
    };

    let gerund = if dbl {
        vec![doubled("ing")]
    } else if ends("ie") {
        vec![format!("{}ying", stem(2))]
    } else if ends("ee") || ends("ye") || ends("oe") || w == "be" {
        vec![format!("{w}ing")]
    } else if last == b'e' && n > 2 {
        vec![format!("{}ing", stem(1))]
    } else if last == b'c' {
        vec![format!("{w}king")]
    } else if british_l {
        vec![format!("{w}ing"), doubled("ing")]
    } else {
        vec![format!("{w}ing")]
    };

    VerbForms {
        base: w.to_string(),
        third,
        past,
        participle,
        gerund,
    }
}

/// The British spelling of an "-ize" or "-yze" verb ("emphasize" -> "emphasise"), if any.
fn british(w: &str) -> Option<String> {
    if syllables(w) < 2 {
        return None; // "size", "seize"
    }
    if let Some(stem) = w.strip_suffix("ize") {
        return Some(format!("{stem}ise"));
    }
    w.strip_suffix("yze").map(|stem| format!("{stem}yse"))
}

/// Every surface form of a lemma, a verb or a phrase that opens with its verb ("sum up",
/// "go on to say", "raise the alarm"): base, third person singular, past, gerund and, for a
/// phrase, a past participle that differs from the past ("has given assurances"), each also
/// in British spelling when the lemma ends in "-ize". In order, without duplicates.
pub fn surface_forms(lemma: &str) -> Vec<String> {
    let lemma = lemma.trim();
    let (head, rest) = match lemma.split_once(' ') {
        Some((h, r)) => (h, Some(r)),
        None => (lemma, None),
    };
    if head.is_empty() {
        return Vec::new();
    }
    let mut heads = vec![head.to_string()];
    heads.extend(british(head));
    let mut out: Vec<String> = Vec::new();
    for h in &heads {
        let f = inflect_word(h);
        let mut words = vec![f.base, f.third];
        words.extend(f.past);
        if rest.is_some() {
            words.extend(f.participle);
        }
        words.extend(f.gerund);
        for w in words {
            let form = match rest {
                Some(r) => format!("{w} {r}"),
                None => w,
            };
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects_words() {
        // lemma, third person, past, gerund
        let cases: &[(&str, &str, &[&str], &[&str])] = &[
            ("say", "says", &["said"], &["saying"]),
            ("stress", "stresses", &["stressed"], &["stressing"]),
            ("emphasize", "emphasizes", &["emphasized"], &["emphasizing"]),
            ("reply", "replies", &["replied"], &["replying"]),
            ("admit", "admits", &["admitted"], &["admitting"]),
            ("regret", "regrets", &["regretted"], &["regretting"]),
            ("sum", "sums", &["summed"], &["summing"]),
            ("quip", "quips", &["quipped"], &["quipping"]),
            ("vow", "vows", &["vowed"], &["vowing"]),
            ("tweet", "tweets", &["tweeted"], &["tweeting"]),
            ("agree", "agrees", &["agreed"], &["agreeing"]),
            ("tell", "tells", &["told"], &["telling"]),
            ("write", "writes", &["wrote"], &["writing"]),
            ("go", "goes", &["went"], &["going"]),
            ("put", "puts", &["put"], &["putting"]),
            ("forecast", "forecasts", &["forecast"], &["forecasting"]),
            (
                "signal",
                "signals",
                &["signaled", "signalled"],
                &["signaling", "signalling"],
            ),
            ("reveal", "reveals", &["revealed"], &["revealing"]),
            ("convey", "conveys", &["conveyed"], &["conveying"]),
            ("vie", "vies", &["vied"], &["vying"]),
            ("press", "presses", &["pressed"], &["pressing"]),
            ("urge", "urges", &["urged"], &["urging"]),
            ("lambast", "lambasts", &["lambasted"], &["lambasting"]),
            ("echo", "echoes", &["echoed"], &["echoing"]),
            ("panic", "panics", &["panicked"], &["panicking"]),
            ("control", "controls", &["controlled"], &["controlling"]),
            ("plead", "pleads", &["pleaded"], &["pleading"]),
            ("comment", "comments", &["commented"], &["commenting"]),
            ("aver", "avers", &["averred"], &["averring"]),
            ("pay", "pays", &["paid"], &["paying"]),
            ("posit", "posits", &["posited"], &["positing"]),
        ];
        for &(lemma, third, past, gerund) in cases {
            let f = inflect_word(lemma);
            assert_eq!(f.third, third, "{lemma}");
            assert_eq!(f.past, past, "{lemma}");
            assert_eq!(f.gerund, gerund, "{lemma}");
        }
    }

    #[test]
    fn forms_of_lemmas_and_phrases() {
        let cases: &[(&str, &[&str])] = &[
            ("say", &["say", "says", "said", "saying"]),
            (
                "emphasize",
                &[
                    "emphasize",
                    "emphasizes",
                    "emphasized",
                    "emphasizing",
                    "emphasise",
                    "emphasises",
                    "emphasised",
                    "emphasising",
                ],
            ),
            (
                "analyze",
                &[
                    "analyze",
                    "analyzes",
                    "analyzed",
                    "analyzing",
                    "analyse",
                    "analyses",
                    "analysed",
                    "analysing",
                ],
            ),
            ("sum up", &["sum up", "sums up", "summed up", "summing up"]),
            (
                "go on to say",
                &[
                    "go on to say",
                    "goes on to say",
                    "went on to say",
                    "gone on to say",
                    "going on to say",
                ],
            ),
            (
                "raise the alarm",
                &[
                    "raise the alarm",
                    "raises the alarm",
                    "raised the alarm",
                    "raising the alarm",
                ],
            ),
            (
                "make clear",
                &["make clear", "makes clear", "made clear", "making clear"],
            ),
            (
                "point out",
                &["point out", "points out", "pointed out", "pointing out"],
            ),
            ("write", &["write", "writes", "wrote", "writing"]),
        ];
        for &(lemma, want) in cases {
            assert_eq!(surface_forms(lemma), want, "{lemma}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for w in ["", " ", "x", "é", "naïve", "ie", "y", "Ω up", "c"] {
            let _ = surface_forms(w);
        }
    }
}
