//! Text keys for matching, one name each: [`fold`] (the key of a name or title), [`slug`],
//! [`loose_key`], [`tidy`], [`nearest`] (the nearest known name, for "did you mean"), and
//! [`escape_html`].
//!
//! Every part of the crate that compares names (host duplicates, juror and mentor conflicts,
//! the import's merge) uses these, so that two spellings are the same everywhere or nowhere.

/// The matching key of a text: accents removed (NFKD without combining marks), lower case,
/// typographic apostrophes and dashes made plain, every run of white space one space, trimmed.
///
/// `« Karfu’R »`, `"karfu'r"` and `" KARFU'R "` share a key.
#[must_use]
pub(crate) fn fold(text: &str) -> String {
    let mut key = Key::with_capacity(text.len());
    // NFKD one character at a time: the same text as NFKD of the whole once the combining
    // marks are dropped (canonical reordering moves only marks), and ASCII decomposes to
    // itself.
    for c in text.chars() {
        if c.is_ascii() {
            key.push(c);
        } else {
            unicode_normalization::char::decompose_compatible(c, |d| key.push(d));
        }
    }
    key.out
}

/// A [`fold`] key being built from decomposed characters.
struct Key {
    out: String,
    /// A run of white space seen since the last character kept.
    space: bool,
}

impl Key {
    fn with_capacity(n: usize) -> Self {
        Key {
            out: String::with_capacity(n),
            space: false,
        }
    }

    /// Adds one decomposed character: a combining mark is dropped, typographic apostrophes,
    /// dashes and quotes made plain, white space kept as one space between words.
    fn push(&mut self, c: char) {
        if unicode_normalization::char::is_combining_mark(c) {
            return;
        }
        let c = match c {
            '’' | '‘' | '`' | '´' | 'ʼ' => '\'',
            '–' | '—' | '‐' | '‑' | '−' => '-',
            '«' | '»' | '“' | '”' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            self.space = !self.out.is_empty();
            return;
        }
        if self.space {
            self.out.push(' ');
            self.space = false;
        }
        if c.is_ascii() {
            self.out.push(c.to_ascii_lowercase());
        } else {
            self.out.extend(c.to_lowercase());
        }
    }
}

/// A slug of a text: its [`fold`] with every run of other characters than `a-z0-9` turned into
/// one `-`.
#[must_use]
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The key of a title with its digits removed too, for the loose second pass of title matching
/// (`EIG2 Link` and `EIG Link`).
#[cfg(feature = "import")]
#[must_use]
pub(crate) fn loose_key(text: &str) -> String {
    let key: String = fold(text).chars().filter(|c| !c.is_ascii_digit()).collect();
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// White space collapsed and trimmed; the text otherwise kept.
#[cfg(feature = "import")]
#[must_use]
pub(crate) fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text escaped for HTML (`&`, `<`, `>` and `"`).
#[must_use]
pub(crate) fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The nearest of `candidates` to `word` by Damerau–Levenshtein distance, when it is within a
/// third of the longer length (at least 1); ties go to the first in alphabetical order.
#[must_use]
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_chars = word.chars().count();
    let word_counts = char_counts(word);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let bound = (c.len().max(word.len()) / 3).max(1);
        // A candidate that cannot be within the bound, or nearer than the best so far, is not
        // measured: each edit changes the length by at most one, so the lengths' difference is
        // a first floor, then the characters' counts a second.
        let within = |floor: usize| floor <= bound && best.is_none_or(|(d, _)| floor <= d);
        if !within(word_chars.abs_diff(c.chars().count()))
            || !within(distance_floor(&word_counts, c))
        {
            continue;
        }
        let d = strsim::damerau_levenshtein(word, c);
        if d <= bound && best.is_none_or(|b| (d, c) < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The characters of `a` counted in 64 buckets (by code point modulo 64).
fn char_counts(a: &str) -> [i32; 64] {
    let mut counts = [0i32; 64];
    for c in a.chars() {
        counts[c as usize % 64] += 1;
    }
    counts
}

/// A lower bound of the Damerau–Levenshtein distance of a word whose [`char_counts`] are
/// `counts` and `b`, in time linear in their lengths: each edit mends at most one character of
/// the word that `b` lacks and one of `b` that the word lacks (a transposition none), so the
/// distance is at least the larger of the two counts. Characters are counted in 64 buckets,
/// which can only lower the counts.
fn distance_floor(counts: &[i32; 64], b: &str) -> usize {
    let mut counts = *counts;
    for c in b.chars() {
        counts[c as usize % 64] -= 1;
    }
    let (more, fewer) = counts.iter().fold((0i32, 0i32), |(m, f), n| {
        (m + (*n).max(0), f + (-*n).max(0))
    });
    more.max(fewer).unsigned_abs() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NFKD of the whole text, then the same key: what [`fold`] computes a character at a time.
    fn fold_whole(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut key = Key::with_capacity(text.len());
        text.nfkd().for_each(|c| key.push(c));
        key.out
    }

    #[test]
    fn fold_a_character_at_a_time_is_fold_of_the_whole() {
        for text in [
            " Karfu’R  ",
            "Géomatique Ÿ œuvre ǅ ﬁ ① ²",
            "e\u{301}\u{327} a\u{327}\u{301} Å Å",
            "한국어 ＡＢＣ Ⅻ ㎏ İ ß ẞ",
            "\u{1E0B}\u{0323} q\u{307}\u{323}",
            "tab\tnew\nline\u{a0}nbsp\u{2003}em",
            "",
        ] {
            assert_eq!(fold(text), fold_whole(text), "{text:?}");
        }
    }

    #[test]
    fn fold_ignores_accents_case_apostrophes_and_spaces() {
        assert_eq!(fold(" Karfu’R  "), "karfu'r");
        assert_eq!(fold("Pierre–Alain"), fold("pierre-alain"));
        assert_eq!(fold("Géomatique"), "geomatique");
        assert_eq!(slug("Ministère de l’Intérieur"), "ministere-de-l-interieur");
    }

    #[cfg(feature = "import")]
    #[test]
    fn the_loose_key_ignores_digits() {
        assert_eq!(loose_key("EIG2 Link"), loose_key("EIG Link"));
        assert_eq!(tidy("  a \n b "), "a b");
    }

    #[test]
    fn the_floor_never_passes_the_distance() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "title",
            "titre",
            "k12345",
            "summary",
            "résumé",
            "resume",
            "date_depot",
            "submitted_at",
            "seats",
            "sièges",
            "abcabc",
            "cabcab",
            "été",
            "ete",
        ];
        for a in words {
            for b in words {
                let d = strsim::damerau_levenshtein(a, b);
                assert!(distance_floor(&char_counts(a), b) <= d, "{a} {b}");
                assert!(
                    a.chars().count().abs_diff(b.chars().count()) <= d,
                    "{a} {b}"
                );
            }
        }
        // Past the bound of 2 for these lengths: not measured.
        assert!(distance_floor(&char_counts("k12345"), "title") > 2);
    }

    #[test]
    fn nearest_names() {
        let known = ["title", "summary", "problem"];
        assert_eq!(nearest("titel", known.into_iter()), Some("title"));
        assert_eq!(nearest("sumary", known.into_iter()), Some("summary"));
        assert_eq!(nearest("zzzzzz", known.into_iter()), None);
    }
}
