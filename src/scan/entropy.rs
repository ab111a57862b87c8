//! Shannon entropy: how many bits each character of a string carries.
//! Random keys score high; words, repeats and placeholders score low.

pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &byte in bytes {
        counts[byte as usize] += 1;
    }
    let total = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&count| count > 0)
        .map(|&count| {
            let p = count as f64 / total;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::shannon;

    #[test]
    fn repeated_characters_carry_nothing() {
        assert_eq!(shannon(b"aaaaaaaa"), 0.0);
        assert_eq!(shannon(b""), 0.0);
    }

    #[test]
    fn sixteen_distinct_characters_carry_four_bits() {
        assert!((shannon(b"0123456789abcdef") - 4.0).abs() < 1e-9);
    }
}
