//! The hash maps and sets of the library: std's, with foldhash's hasher. Their keys are slugs,
//! ids and JSON pointers, hashed once per file or model; SipHash was a visible part of
//! validating a large catalog. Seeds are random per process, as std's are, so a catalog cannot
//! be written to collide; nothing generated depends on their order.

/// A `HashMap` with foldhash's hasher (`HashMap::default()` makes one).
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A `HashSet` with foldhash's hasher.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
