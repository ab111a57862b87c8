//! Text saved as UTF-16 or UTF-32 with a byte-order mark (PowerShell
//! scripts, `.reg` files, Visual Studio configs), decoded to UTF-8 so it is
//! scanned as text; without a mark, their NUL bytes make them binary, as
//! they are to git. Line numbers are the decoded text's, which are the
//! same lines an editor shows.

/// The UTF-8 text of `bytes` when they start with a UTF-16 or UTF-32
/// byte-order mark (the mark dropped, invalid units replaced by U+FFFD);
/// `None` otherwise.
pub fn decode(bytes: &[u8]) -> Option<Vec<u8>> {
    // UTF-32 first: its little-endian mark starts with UTF-16's.
    let text = match bytes {
        [0xFF, 0xFE, 0, 0, rest @ ..] => utf32(rest, u32::from_le_bytes),
        [0, 0, 0xFE, 0xFF, rest @ ..] => utf32(rest, u32::from_be_bytes),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => return None,
    };
    Some(text.into_bytes())
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let chunks = bytes.chunks_exact(2);
    let truncated = !chunks.remainder().is_empty();
    let units = chunks.map(|pair| unit([pair[0], pair[1]]));
    let mut text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if truncated {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

fn utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> String {
    let chunks = bytes.chunks_exact(4);
    let truncated = !chunks.remainder().is_empty();
    let mut text: String = chunks
        .map(|quad| {
            char::from_u32(unit([quad[0], quad[1], quad[2], quad[3]])).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect();
    if truncated {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::decode;

    fn encoded(bom: &[u8], text: &str, unit: impl Fn(char) -> Vec<u8>) -> Vec<u8> {
        let mut bytes = bom.to_vec();
        bytes.extend(text.chars().flat_map(unit));
        bytes
    }

    #[test]
    fn each_mark_decodes_to_the_same_text() {
        let text = "$Key = 'é😀'\r\nnext\n";
        let utf16 = |be: bool| {
            move |c: char| {
                let mut units = [0; 2];
                c.encode_utf16(&mut units)
                    .iter()
                    .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                    .collect()
            }
        };
        let inputs = [
            encoded(&[0xFF, 0xFE], text, utf16(false)),
            encoded(&[0xFE, 0xFF], text, utf16(true)),
            encoded(&[0xFF, 0xFE, 0, 0], text, |c| (c as u32).to_le_bytes().to_vec()),
            encoded(&[0, 0, 0xFE, 0xFF], text, |c| (c as u32).to_be_bytes().to_vec()),
        ];
        for input in inputs {
            assert_eq!(decode(&input).as_deref(), Some(text.as_bytes()), "{input:?}");
        }
    }

    #[test]
    fn other_bytes_are_left_alone_and_broken_units_replaced() {
        assert_eq!(decode(b"plain text"), None);
        assert_eq!(decode(b"\xEF\xBB\xBFutf-8 with a mark"), None);
        assert_eq!(
            decode(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b']),
            Some("a\u{FFFD}\u{FFFD}".as_bytes().to_vec())
        );
    }
}
