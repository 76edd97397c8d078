//! Patterns the generated client can check without a regex engine.
//!
//! Constraints in real documents are mostly of one shape: a single character class repeated,
//! anchored at both ends (`^[A-Za-z0-9_-]+$`). Those compile to a list of character ranges
//! and length bounds that the generated code checks with a plain loop. Any other pattern is
//! left to the server.

/// A pattern of the form `^[class]quantifier$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharClassPattern {
    /// Inclusive ranges of allowed characters.
    pub ranges: Vec<(char, char)>,
    /// The least number of characters the quantifier allows.
    pub min: usize,
    /// The most, if bounded.
    pub max: Option<usize>,
}

/// Compiles `pattern`, or returns `None` when it is not a single anchored character class.
pub fn compile(pattern: &str) -> Option<CharClassPattern> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let body = body.strip_prefix('[')?;
    let close = find_class_end(body)?;
    let (class, quantifier) = (&body[..close], &body[close + 1..]);
    let ranges = parse_class(class)?;
    let (min, max) = match quantifier {
        "+" => (1, None),
        "*" => (0, None),
        "" => (1, Some(1)),
        q => {
            let inner = q.strip_prefix('{')?.strip_suffix('}')?;
            match inner.split_once(',') {
                None => {
                    let n = inner.trim().parse().ok()?;
                    (n, Some(n))
                }
                Some((lo, hi)) => {
                    let lo = lo.trim().parse().ok()?;
                    let hi = if hi.trim().is_empty() {
                        None
                    } else {
                        Some(hi.trim().parse().ok()?)
                    };
                    (lo, hi)
                }
            }
        }
    };
    Some(CharClassPattern { ranges, min, max })
}

/// The index of the `]` that closes the class, skipping escaped characters.
fn find_class_end(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ']' if !escaped && i > 0 => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

fn parse_class(class: &str) -> Option<Vec<(char, char)>> {
    if class.starts_with('^') || class.is_empty() {
        return None;
    }
    // First the single characters and shorthand classes, then join `a-z` ranges.
    let mut items: Vec<Item> = Vec::new();
    let mut chars = class.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                'd' => items.push(Item::Set(vec![('0', '9')])),
                'w' => items.push(Item::Set(vec![
                    ('0', '9'),
                    ('A', 'Z'),
                    ('_', '_'),
                    ('a', 'z'),
                ])),
                e if e.is_ascii_punctuation() => items.push(Item::Char(e)),
                _ => return None,
            }
        } else if c == '[' {
            return None;
        } else {
            items.push(Item::Char(c));
        }
    }
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < items.len() {
        match (&items[i], items.get(i + 1), items.get(i + 2)) {
            (Item::Char(lo), Some(Item::Char('-')), Some(Item::Char(hi))) => {
                if lo > hi {
                    return None;
                }
                ranges.push((*lo, *hi));
                i += 3;
            }
            (Item::Char(c), _, _) => {
                ranges.push((*c, *c));
                i += 1;
            }
            (Item::Set(set), _, _) => {
                ranges.extend(set.iter().copied());
                i += 1;
            }
        }
    }
    ranges.sort_unstable();
    ranges.dedup();
    Some(ranges)
}

enum Item {
    Char(char),
    Set(Vec<(char, char)>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_anchored_character_classes() {
        let p = compile("^[A-Za-z0-9_-]+$").unwrap();
        assert_eq!(
            p.ranges,
            vec![('-', '-'), ('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]
        );
        assert_eq!((p.min, p.max), (1, None));
        let p = compile(r"^[\w.]{2,5}$").unwrap();
        assert!(p.ranges.contains(&('.', '.')));
        assert_eq!((p.min, p.max), (2, Some(5)));
        assert_eq!(compile(r"^[\d]*$").unwrap().ranges, vec![('0', '9')]);
    }

    #[test]
    fn leaves_other_patterns_to_the_server() {
        for p in [
            "[a-z]+",
            "^[^a]+$",
            "^a+$",
            "^[a-z]+@[a-z]+$",
            "^[z-a]+$",
            "^[a-z]{x}$",
            r"^[\p{L}]+$",
        ] {
            assert_eq!(compile(p), None, "{p}");
        }
    }
}
