//! The wasm's data as one segment.
//!
//! Why: wasm-opt splits the data into segments wherever it finds a run of zeros (214 in the
//! app), which makes the raw file smaller, but each segment's header (its address, its length)
//! is a number no compressor predicts, and the zeros it saves cost xz almost nothing. Joined
//! again, with the gaps as zeros, the xz-compressed wasm is 1.6 kB smaller. The memory the
//! module starts with is the same byte for byte.

use crate::Result;
use wasm_encoder::{ConstExpr, DataCountSection, DataSection, Module, RawSection};
use wasmparser::{DataKind, Operator, Parser, Payload};

/// The start address of an active segment of memory 0 at a constant address, or `None`.
fn start(kind: &DataKind) -> Option<u32> {
    let DataKind::Active { memory_index: 0, offset_expr } = kind else { return None };
    let mut ops = offset_expr.get_operators_reader();
    match (ops.read().ok()?, ops.read().ok()?) {
        (Operator::I32Const { value }, Operator::End) => u32::try_from(value).ok(),
        _ => None,
    }
}

/// `wasm` with its data segments joined into one; unchanged (`None`) when a segment is
/// passive, in another memory or at an address computed at start, where joining could change
/// what the module does.
pub fn join(wasm: &[u8]) -> Result<Option<Vec<u8>>> {
    let err = super::unreadable;
    let mut module = Module::new();
    let mut joined = false;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(err)?;
        match &payload {
            Payload::DataSection(reader) => {
                let mut segments = Vec::new();
                for data in reader.clone() {
                    let data = data.map_err(err)?;
                    let Some(at) = start(&data.kind) else { return Ok(None) };
                    segments.push((at as usize, data.data));
                }
                let lo = segments.iter().map(|(at, _)| *at).min().unwrap_or(0);
                let hi = segments.iter().map(|(at, d)| at + d.len()).max().unwrap_or(0);
                let mut memory = vec![0u8; hi - lo];
                // In order: a later segment writes over an earlier one, as instantiation does.
                for (at, d) in &segments {
                    memory[at - lo..at - lo + d.len()].copy_from_slice(d);
                }
                let mut section = DataSection::new();
                section.active(0, &ConstExpr::i32_const(lo as i32), memory);
                module.section(&section);
                joined = true;
            }
            Payload::DataCountSection { .. } => {
                module.section(&DataCountSection { count: 1 });
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    module.section(&RawSection { id, data: &wasm[range.start as usize..range.end as usize] });
                }
            }
        }
    }
    if !joined {
        return Ok(None);
    }
    Ok(Some(module.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module whose memory starts with `segments` (address, bytes).
    fn module(segments: &[(i32, &[u8])]) -> Vec<u8> {
        use wasm_encoder::{MemorySection, MemoryType};
        let mut memories = MemorySection::new();
        memories.memory(MemoryType { minimum: 1, maximum: None, memory64: false, shared: false, page_size_log2: None });
        let mut data = DataSection::new();
        for (at, bytes) in segments {
            data.active(0, &ConstExpr::i32_const(*at), bytes.iter().copied());
        }
        let mut m = Module::new();
        m.section(&memories).section(&DataCountSection { count: segments.len() as u32 }).section(&data);
        m.finish()
    }

    /// The memory image the module starts with, from address `lo`.
    fn image(wasm: &[u8], lo: usize, len: usize) -> Vec<u8> {
        let mut memory = vec![0u8; lo + len];
        for p in Parser::new(0).parse_all(wasm) {
            if let Payload::DataSection(r) = p.unwrap() {
                for d in r {
                    let d = d.unwrap();
                    let at = start(&d.kind).unwrap() as usize;
                    memory[at..at + d.data.len()].copy_from_slice(d.data);
                }
            }
        }
        memory[lo..].to_vec()
    }

    #[test]
    fn joins_into_one_segment_with_the_same_memory() {
        let wasm = module(&[(16, b"abc"), (24, b"xyz"), (17, b"B")]);
        let joined = join(&wasm).unwrap().expect("joined");
        assert_eq!(image(&joined, 16, 11), image(&wasm, 16, 11));
        assert_eq!(image(&joined, 16, 11), b"aBc\0\0\0\0\0xyz");
        let count = Parser::new(0).parse_all(&joined).find_map(|p| match p.unwrap() {
            Payload::DataSection(r) => Some(r.count()),
            _ => None,
        });
        assert_eq!(count, Some(1));
    }
}
