//! HTML entities as Open Trivia DB writes them (`&quot;`, `&#039;`, `&eacute;`…), decoded to
//! text, and HTML tags found in what remains, which are refused: a question is plain text.

/// Named entities Open Trivia DB uses, and the common typographic ones.
const NAMED: &[(&str, char)] = &[
    ("quot", '"'),
    ("amp", '&'),
    ("apos", '\''),
    ("lt", '<'),
    ("gt", '>'),
    ("nbsp", '\u{a0}'),
    ("shy", '\u{ad}'),
    ("hellip", '…'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("deg", '°'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("eacute", 'é'),
    ("Eacute", 'É'),
    ("egrave", 'è'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("acirc", 'â'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("ntilde", 'ñ'),
    ("Ntilde", 'Ñ'),
    ("ccedil", 'ç'),
    ("auml", 'ä'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("Auml", 'Ä'),
    ("Ouml", 'Ö'),
    ("Uuml", 'Ü'),
    ("szlig", 'ß'),
    ("aring", 'å'),
    ("Aring", 'Å'),
    ("oslash", 'ø'),
    ("Oslash", 'Ø'),
    ("euro", '€'),
    ("pound", '£'),
    ("yen", '¥'),
    ("pi", 'π'),
    ("times", '×'),
    ("divide", '÷'),
];

/// `text` with its entities decoded, or the first entity that is not one.
pub(super) fn decode(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        // An entity is short; a lone `&` (as in "R&B") stays as it is.
        let Some(end) = after.find(';').filter(|&e| e <= 10 && e > 0) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..end];
        let decoded = if let Some(number) = name.strip_prefix('#') {
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse::<u32>().ok(),
            };
            code.and_then(char::from_u32)
        } else if name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
        } else {
            // Not entity-shaped ("AT&T; then"): the `&` is text.
            out.push('&');
            rest = after;
            continue;
        };
        match decoded {
            Some(c) => out.push(c),
            None => return Err(format!("&{name};")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The first HTML tag in `text` (`<b>`, `</i>`, `<br/>`, `<!-- -->`), if any.
pub(super) fn first_tag(text: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(at) = text[from..].find('<') {
        let start = from + at;
        let after = &text[start + 1..];
        let opens_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if opens_tag && let Some(end) = after.find('>') {
            return Some(&text[start..start + 1 + end + 1]);
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{decode, first_tag};

    #[test]
    fn entities_decode_and_unknown_ones_are_named() {
        assert_eq!(
            decode("Who said &quot;I&#039;ll be back&quot;? &amp; &eacute;t&eacute; &#x41;"),
            Ok("Who said \"I'll be back\"? & été A".to_string())
        );
        // A lone `&` is text; Open Trivia DB writes a real one as `&amp;`.
        assert_eq!(decode("R&B & co; fine"), Ok("R&B & co; fine".into()));
        assert_eq!(decode("AT&T;"), Err("&T;".into()));
        assert_eq!(decode("&bogus;"), Err("&bogus;".into()));
        assert_eq!(decode("&#1114112;"), Err("&#1114112;".into()));
    }

    #[test]
    fn tags_are_found_but_a_less_than_sign_is_not_one() {
        assert_eq!(first_tag("Which <i>film</i>?"), Some("<i>"));
        assert_eq!(first_tag("a<br/>b"), Some("<br/>"));
        assert_eq!(first_tag("Is 3 < 4 and 5 > 2?"), None);
        assert_eq!(first_tag("x <- y"), None);
    }
}
