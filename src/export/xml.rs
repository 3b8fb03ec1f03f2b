//! XML escaping shared by the GEXF and GraphML writers: characters XML 1.0 forbids are
//! removed, markup characters escaped, and line breaks in attributes kept as character
//! references so that attribute-value normalization does not turn them into spaces.

/// True for the characters XML 1.0 allows in a document.
pub fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `s` as the value of a double-quoted attribute.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// `s` as element text.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A bare CR would be read back as LF.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// What a reader gets back from [`attr`] or [`text`]: `s` without forbidden characters.
pub fn clean(s: &str) -> String {
    s.chars().filter(|&c| allowed(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected_attr: &str, expected_text: &str) {
        assert_eq!(attr(input), expected_attr, "attr of {input:?}");
        assert_eq!(text(input), expected_text, "text of {input:?}");
    }

    #[test]
    fn escaping_table() {
        check("plain", "plain", "plain");
        check(
            "a<b>&\"c\"",
            "a&lt;b&gt;&amp;&quot;c&quot;",
            "a&lt;b&gt;&amp;\"c\"",
        );
        check(
            "line\nbreak\r\tx",
            "line&#10;break&#13;&#9;x",
            "line\nbreak&#13;\tx",
        );
        check("nul\u{0}bell\u{7}esc\u{1b}", "nulbellesc", "nulbellesc");
        check("\u{FFFE}\u{FFFF}ok", "ok", "ok");
        check(
            "עברית 中文 \u{202E}",
            "עברית 中文 \u{202E}",
            "עברית 中文 \u{202E}",
        );
    }
}
