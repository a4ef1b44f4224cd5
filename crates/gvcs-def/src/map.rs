//! The project's ordered map: [`LiteMap`], a sorted vector (ICU4X's `litemap`).
//!
//! Why not `BTreeMap`: every key and value type of a `BTreeMap` puts its own copy of the tree's
//! insert, search, rebalance and iteration code into the wasm, about 80 kB uncompressed in the
//! app; a sorted vector's is a binary search and a shift. The maps here hold tens to hundreds
//! of entries, where a vector is as fast. Iteration is in key order, as before.

pub use litemap::LiteMap;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// The map of `pairs`, the last value winning for a repeated key (as `collect` gives).
/// Prefer this to `collect`: `LiteMap`'s `FromIterator` sorts, which puts a copy of the
/// standard sort into the wasm for each key and value type; this inserts one pair at a time
/// (a binary search each), so adds no sort.
pub fn collect<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> LiteMap<K, V> {
    let mut map = LiteMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// Serialises a map as a map whatever its size. (`LiteMap` writes an empty map whose keys
/// are not text as a list in human-readable formats, since it cannot tell from no key; the
/// JSON output keeps `{}`.) For `#[serde(serialize_with = "gvcs_def::map::as_map")]`.
pub fn as_map<K: Serialize, V: Serialize, S: Serializer>(map: &LiteMap<K, V>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter())
}

/// Reads a map one pair at a time, as [`collect`] builds one. (`LiteMap`'s own reader
/// sorts pairs that come out of order, so it carries a sort per key and value type.) For
/// `#[serde(deserialize_with = "gvcs_def::map::from_map")]`.
pub fn from_map<'de, K, V, D>(d: D) -> Result<LiteMap<K, V>, D::Error>
where
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
    D: Deserializer<'de>,
{
    struct Pairs<K, V>(PhantomData<(K, V)>);
    impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Visitor<'de> for Pairs<K, V> {
        type Value = LiteMap<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut pairs: A) -> Result<Self::Value, A::Error> {
            let mut map = LiteMap::new();
            while let Some((k, v)) = pairs.next_entry()? {
                map.insert(k, v);
            }
            Ok(map)
        }
    }
    d.deserialize_map(Pairs(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(serialize_with = "as_map", deserialize_with = "from_map")]
        m: LiteMap<i64, f64>,
    }

    #[test]
    fn an_empty_map_with_number_keys_is_an_empty_json_object() {
        assert_eq!(serde_json::to_string(&T { m: LiteMap::new() }).unwrap(), r#"{"m":{}}"#);
        let m: LiteMap<i64, f64> = collect([(3, 1.5), (1, 2.0), (3, 1.5)]);
        assert_eq!(serde_json::to_string(&T { m: m.clone() }).unwrap(), r#"{"m":{"1":2.0,"3":1.5}}"#);
        assert_eq!(crate::packed::from_bytes::<T>(&crate::packed::to_bytes(&T { m: m.clone() }).unwrap()).unwrap(), T { m });
        let read: T = serde_json::from_str(r#"{"m":{"3":1.5,"1":2.0,"3":4.0}}"#).unwrap();
        assert_eq!(read.m, collect([(1, 2.0), (3, 4.0)]));
    }
}
