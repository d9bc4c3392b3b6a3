//! JSON Pointers (RFC 6901) into the documents, as every violation's `path` is one.

/// Escapes one JSON Pointer reference token (RFC 6901: `~` as `~0`, `/` as `~1`).
#[must_use]
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A pointer made of reference tokens, each escaped: `pointer(["seats", "0", "a/b"])` is
/// `/seats/0/a~1b`.
#[must_use]
pub fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for t in tokens {
        out.push('/');
        out.push_str(&escape_pointer_token(t.as_ref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
        assert_eq!(pointer(["seats", "0", "a/b"]), "/seats/0/a~1b");
        assert_eq!(pointer::<_, &str>([]), "");
    }
}
