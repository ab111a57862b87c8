//! Keywords found without an automaton: each place in a blob whose first
//! two bytes begin some keyword is compared with the keywords that begin
//! so. Building an Aho-Corasick automaton over every rule's keywords takes
//! about a millisecond, most of what a hook's scan of a small change costs;
//! this table takes microseconds to build, but reads each byte several
//! times slower, so it serves only the first few kilobytes a scan reads.

/// Keywords by their first two bytes (all at least two bytes long and
/// lowercase).
pub struct Pairs {
    /// Keyword indices ordered by their first byte, then their second.
    order: Vec<usize>,
    /// Where the keywords of each first byte begin in `order` (and, at
    /// `byte + 1`, end).
    first: Vec<usize>,
    /// A bit for each pair of bytes some keyword begins with.
    begins: Vec<u64>,
}

impl Pairs {
    /// `None` when a keyword is a single byte: no built-in one is, and an
    /// automaton reads a set that has one.
    pub fn new(keywords: &[String]) -> Option<Self> {
        let pair = |keyword: &String| match keyword.as_bytes() {
            [one, two, ..] => Some((*one, *two)),
            _ => None,
        };
        let pairs: Vec<(u8, u8)> = keywords.iter().map(pair).collect::<Option<_>>()?;
        let mut order: Vec<usize> = (0..keywords.len()).collect();
        order.sort_unstable_by_key(|&at| pairs[at]);
        let mut first = vec![0; 257];
        let mut begins = vec![0; 1 << 10];
        for &(one, two) in &pairs {
            first[usize::from(one) + 1] += 1;
            let bit = bit(one, two);
            begins[bit / 64] |= 1 << (bit % 64);
        }
        for byte in 0..256 {
            first[byte + 1] += first[byte];
        }
        Some(Pairs { order, first, begins })
    }

    /// Reports every place a keyword (any ASCII case) starts in `bytes`.
    pub fn walk(&self, keywords: &[String], bytes: &[u8], hit: &mut impl FnMut(usize, usize)) {
        for (at, pair) in bytes.windows(2).enumerate() {
            let (one, two) = (pair[0].to_ascii_lowercase(), pair[1].to_ascii_lowercase());
            let bit = bit(one, two);
            if self.begins[bit / 64] & (1 << (bit % 64)) == 0 {
                continue;
            }
            let second = |keyword: usize| keywords[keyword].as_bytes()[1];
            let bucket = &self.order[self.first[usize::from(one)]..self.first[usize::from(one) + 1]];
            let from = bucket.partition_point(|&keyword| second(keyword) < two);
            for &keyword in bucket[from..]
                .iter()
                .take_while(|&&keyword| second(keyword) == two)
            {
                let wanted = keywords[keyword].as_bytes();
                if bytes[at..]
                    .get(..wanted.len())
                    .is_some_and(|there| there.eq_ignore_ascii_case(wanted))
                {
                    hit(keyword, at);
                }
            }
        }
    }
}

fn bit(one: u8, two: u8) -> usize {
    usize::from(one) << 8 | usize::from(two)
}
