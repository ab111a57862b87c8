//! Names and values cut into their pieces: runs of letters split at
//! camelCase humps (`HTTPServer` -> `HTTP`, `Server`; `apiKey` -> `api`,
//! `Key`), and runs of digits; every other byte separates pieces. What both
//! the credential-name test and the randomness test read.

/// The pieces of `value`, in order, each all letters or all digits.
pub fn pieces(value: &[u8]) -> Vec<&[u8]> {
    let class = |byte: u8| match byte {
        b if b.is_ascii_alphabetic() => 1,
        b if b.is_ascii_digit() => 2,
        _ => 0,
    };
    let mut pieces = Vec::new();
    let mut start = 0;
    for i in 0..=value.len() {
        let cut = i == value.len() || i == 0 || {
            let (prev, cur) = (value[i - 1], value[i]);
            let next_lower = value.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            class(prev) != class(cur)
                || class(cur) == 0
                || (cur.is_ascii_uppercase()
                    && (prev.is_ascii_lowercase() || (prev.is_ascii_uppercase() && next_lower)))
        };
        if cut {
            if i > start && class(value[start]) != 0 {
                pieces.push(&value[start..i]);
            }
            start = i;
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn letters_split_at_humps_and_digits_apart() {
        let cut = |value: &str| -> Vec<String> {
            pieces(value.as_bytes())
                .into_iter()
                .map(|piece| String::from_utf8_lossy(piece).into_owned())
                .collect()
        };
        assert_eq!(cut("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(cut("apiKeyV2"), ["api", "Key", "V", "2"]);
        assert_eq!(cut("PASSIVE_48V_4PAIR"), ["PASSIVE", "48", "V", "4", "PAIR"]);
        assert_eq!(
            cut("Sa3uqBFax4RKdeyG"),
            ["Sa", "3", "uq", "B", "Fax", "4", "R", "Kdey", "G"]
        );
        assert_eq!(cut("__x--"), ["x"]);
        assert!(cut("").is_empty());
    }
}
