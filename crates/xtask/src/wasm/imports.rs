//! Short names for the wasm's imports from its wasm-bindgen glue.
//!
//! Why: wasm-bindgen names each function the wasm imports from its glue after the JS it binds
//! plus a hash (`__wbg_setAttribute_2e6a…`). The app has over 300 of them, 11 kB of names
//! written once in the wasm and once in the glue, where no compressor shortens them much: a
//! hash is random. Renamed to one or two letters in both files, the app's download is about
//! 9 kB smaller (5 kB of the xz wasm, 4 kB of the gzipped glue). The glue names each import
//! exactly once, as a key of the object it hands the wasm; [`shorten`] checks that, so a
//! wasm-bindgen whose output differs fails the build instead of shipping a page that cannot
//! link its code.

use crate::Result;
use std::collections::HashMap;
use wasm_encoder::{EntityType, ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload, TypeRef};

/// The `n`th short name: `a`…`Z`, then `aa`, `ab`, … (letters only: a valid object key,
/// distinct from `__proto__` and from the glue's other keys, which all are imports).
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = Vec::new();
    loop {
        s.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// Every identifier of `js` that `names` maps, replaced; fails unless each mapped name occurs
/// exactly once, as an object key (followed by `:`).
fn rename_in_js(js: &str, names: &HashMap<String, String>) -> Result<String> {
    let bytes = js.as_bytes();
    let mut out = String::with_capacity(js.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        if !is_ident(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        let word = &js[start..i];
        if let Some(new) = names.get(word) {
            let key = js[i..].trim_start().starts_with(':');
            if !key {
                return Err(format!("the glue uses the import `{word}` other than as a key of its import object"));
            }
            *seen.entry(word).or_default() += 1;
            out.push_str(&js[copied..start]);
            out.push_str(new);
            copied = i;
        }
    }
    out.push_str(&js[copied..]);
    for name in names.keys() {
        match seen.get(name.as_str()) {
            Some(1) => {}
            n => return Err(format!("the glue names the import `{name}` {} times, not once", n.copied().unwrap_or(0))),
        }
    }
    Ok(out)
}

/// `wasm` and its glue `js` with every import from the glue's module (`…_bg.js`) renamed to a
/// short name in both. Every other section of the wasm is copied byte for byte.
pub fn shorten(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String)> {
    let err = super::unreadable;
    let mut module = Module::new();
    let mut names = HashMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(err)?;
        if let Payload::ImportSection(reader) = &payload {
            let mut section = ImportSection::new();
            for import in reader.clone().into_imports() {
                let import = import.map_err(err)?;
                let ty = match import.ty {
                    TypeRef::Func(i) => EntityType::Function(i),
                    other => return Err(format!("the wasm imports `{}` as {other:?}; only functions are renamed", import.name)),
                };
                let name = if import.module.ends_with("_bg.js") {
                    let new = short_name(names.len());
                    names.insert(import.name.to_string(), new.clone());
                    new
                } else {
                    import.name.to_string()
                };
                section.import(import.module, &name, ty);
            }
            module.section(&section);
        } else if let Some((id, range)) = payload.as_section() {
            let range = range.start as usize..range.end as usize;
            module.section(&RawSection { id, data: &wasm[range] });
        }
    }
    if names.is_empty() {
        return Err("the wasm imports nothing from a wasm-bindgen glue (`…_bg.js`)".into());
    }
    Ok((module.finish(), rename_in_js(js, &names)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_distinct_letters() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!((names[0].as_str(), names[51].as_str(), names[52].as_str()), ("a", "Z", "aa"));
        let set: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(set.len(), names.len());
        assert!(names.iter().all(|n| n.bytes().all(|c| c.is_ascii_alphabetic())));
    }

    /// A module importing `__wbg_log_1a2b` from the glue, with its glue.
    fn module() -> (Vec<u8>, &'static str) {
        use wasm_encoder::{CodeSection, Function, FunctionSection, Instruction, TypeSection};
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let mut imports = ImportSection::new();
        imports.import("./app_bg.js", "__wbg_log_1a2b", EntityType::Function(0));
        let mut funcs = FunctionSection::new();
        funcs.function(0);
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        f.instruction(&Instruction::Call(0));
        f.instruction(&Instruction::End);
        code.function(&f);
        let mut m = Module::new();
        m.section(&types).section(&imports).section(&funcs).section(&code);
        (m.finish(), "const i = { __proto__: null, __wbg_log_1a2b: function() { console.log(1); } };")
    }

    #[test]
    fn renames_the_import_in_both_files_and_keeps_the_code() {
        let (wasm, js) = module();
        let (wasm2, js2) = shorten(&wasm, js).unwrap();
        assert_eq!(js2, "const i = { __proto__: null, a: function() { console.log(1); } };");
        let names: Vec<String> = Parser::new(0)
            .parse_all(&wasm2)
            .filter_map(|p| match p.unwrap() {
                Payload::ImportSection(r) => Some(r.into_imports().map(|i| i.unwrap().name.to_string()).collect::<Vec<_>>()),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(names, ["a"]);
        let code = |w: &[u8]| {
            Parser::new(0).parse_all(w).find_map(|p| match p.unwrap() {
                Payload::CodeSectionStart { unchecked_range, .. } => {
                    Some(w[unchecked_range.start as usize..unchecked_range.end as usize].to_vec())
                }
                _ => None,
            })
        };
        assert_eq!(code(&wasm), code(&wasm2));
    }

    #[test]
    fn refuses_a_glue_that_does_not_name_each_import_once_as_a_key() {
        let (wasm, _) = module();
        let twice = "const i = { __wbg_log_1a2b: function() {}, b: __wbg_log_1a2b };";
        assert!(shorten(&wasm, twice).unwrap_err().contains("other than as a key"));
        assert!(shorten(&wasm, "const i = {};").unwrap_err().contains("0 times"));
    }
}
