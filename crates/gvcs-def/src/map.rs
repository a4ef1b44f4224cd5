//! The project's ordered map: [`LiteMap`], a sorted vector (ICU4X's `litemap`).
//!
//! Why not `BTreeMap`: every key and value type of a `BTreeMap` puts its own copy of the tree's
//! insert, search, rebalance and iteration code into the wasm, about 80 kB uncompressed in the
//! app; a sorted vector's is a binary search and a shift. The maps here hold tens to hundreds
//! of entries, where a vector is as fast. Iteration is in key order, as before.

pub use litemap::LiteMap;
use serde::{Serialize, Serializer};

/// Serialises a map as a map whatever its size. (`LiteMap` writes an empty map whose keys
/// are not text as a list in human-readable formats, since it cannot tell from no key; the
/// JSON output keeps `{}`.) For `#[serde(serialize_with = "gvcs_def::map::as_map")]`.
pub fn as_map<K: Serialize, V: Serialize, S: Serializer>(map: &LiteMap<K, V>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct T {
        #[serde(serialize_with = "as_map")]
        m: LiteMap<i64, f64>,
    }

    #[test]
    fn an_empty_map_with_number_keys_is_an_empty_json_object() {
        assert_eq!(serde_json::to_string(&T { m: LiteMap::new() }).unwrap(), r#"{"m":{}}"#);
        let m: LiteMap<i64, f64> = [(3, 1.5), (1, 2.0)].into_iter().collect();
        assert_eq!(serde_json::to_string(&T { m }).unwrap(), r#"{"m":{"1":2.0,"3":1.5}}"#);
    }
}
