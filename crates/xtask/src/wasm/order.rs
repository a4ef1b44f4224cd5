//! The wasm's functions in the order of their bytes.
//!
//! Why: LZMA finds repeats within its window, but its cheapest matches are to what came
//! shortly before. Functions that start alike (the copies one generic function gets for each
//! type, the small shims) sorted next to each other make the xz-compressed wasm about 2 kB
//! smaller. Every reference to a function (calls, the table, exports) follows it to its new
//! place (wasm-encoder's `Reencode`).

use crate::Result;
use std::convert::Infallible;
use wasm_encoder::reencode::{Error, Reencode};
use wasm_encoder::{CodeSection, FunctionSection, Module};
use wasmparser::{CodeSectionReader, FunctionSectionReader, Parser, Payload, TypeRef};

/// Renumbers the module's own functions: `new[i]` is the new place of function `i` (counted
/// after the imported ones, which keep theirs).
struct Renumber {
    imported: u32,
    new: Vec<u32>,
}

impl Renumber {
    /// For each new place, the function that goes there.
    fn old_at(&self) -> Vec<usize> {
        let mut old = vec![0; self.new.len()];
        for (i, &n) in self.new.iter().enumerate() {
            old[n as usize] = i;
        }
        old
    }
}

impl Reencode for Renumber {
    type Error = Infallible;

    fn function_index(&mut self, func: u32) -> std::result::Result<u32, Error<Infallible>> {
        Ok(match func.checked_sub(self.imported) {
            Some(own) => self.imported + self.new[own as usize],
            None => func,
        })
    }

    fn parse_function_section(
        &mut self,
        functions: &mut FunctionSection,
        section: FunctionSectionReader<'_>,
    ) -> std::result::Result<(), Error<Infallible>> {
        let types = section.into_iter().collect::<std::result::Result<Vec<u32>, _>>()?;
        for old in self.old_at() {
            functions.function(self.type_index(types[old])?);
        }
        Ok(())
    }

    fn parse_code_section(&mut self, code: &mut CodeSection, section: CodeSectionReader<'_>) -> std::result::Result<(), Error<Infallible>> {
        let bodies = section.into_iter().collect::<std::result::Result<Vec<_>, _>>()?;
        for old in self.old_at() {
            self.parse_function_body(code, bodies[old].clone())?;
        }
        Ok(())
    }
}

/// `wasm` with its own functions sorted by their bytes.
pub fn sort(wasm: &[u8]) -> Result<Vec<u8>> {
    let err = super::unreadable;
    let (mut imported, mut bodies) = (0u32, Vec::new());
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(err)? {
            Payload::ImportSection(r) => {
                for i in r.into_imports() {
                    imported += u32::from(matches!(i.map_err(err)?.ty, TypeRef::Func(_)));
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(&wasm[body.range().start as usize..body.range().end as usize]),
            _ => {}
        }
    }
    let mut by_bytes: Vec<usize> = (0..bodies.len()).collect();
    by_bytes.sort_by_key(|&i| bodies[i]);
    let mut new = vec![0u32; bodies.len()];
    for (place, &i) in by_bytes.iter().enumerate() {
        new[i] = place as u32;
    }
    let mut module = Module::new();
    Renumber { imported, new }
        .parse_core_module(&mut module, Parser::new(0), wasm)
        .map_err(|e| format!("the wasm could not be rewritten: {e:?}"))?;
    Ok(module.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{ExportKind, ExportSection, Function, Instruction, TypeSection};

    #[test]
    fn calls_and_exports_follow_their_functions() {
        // f0 returns 2, f1 returns 1 and is exported, f2 calls f1: sorted, f1's body (i32.const 1)
        // comes before f0's (i32.const 2), and f2 must still call the function returning 1.
        let mut types = TypeSection::new();
        types.ty().function([], [wasm_encoder::ValType::I32]);
        let mut funcs = FunctionSection::new();
        let mut code = CodeSection::new();
        for body in [vec![Instruction::I32Const(2)], vec![Instruction::I32Const(1)], vec![Instruction::Call(1)]] {
            funcs.function(0);
            let mut f = Function::new([]);
            for i in &body {
                f.instruction(i);
            }
            f.instruction(&Instruction::End);
            code.function(&f);
        }
        let mut exports = ExportSection::new();
        exports.export("one", ExportKind::Func, 1).export("calls_one", ExportKind::Func, 2);
        let mut m = Module::new();
        m.section(&types).section(&funcs).section(&exports).section(&code);
        let sorted = sort(&m.finish()).unwrap();
        let mut exported = Vec::new();
        let mut bodies = Vec::new();
        for p in Parser::new(0).parse_all(&sorted) {
            match p.unwrap() {
                Payload::ExportSection(r) => exported.extend(r.into_iter().map(|e| e.unwrap().index)),
                Payload::CodeSectionEntry(b) => bodies.push(b.get_operators_reader().unwrap().read().map(|o| format!("{o:?}")).unwrap()),
                _ => {}
            }
        }
        // "one" now points at the body that returns 1, and the caller calls it there.
        let one = exported[0] as usize;
        assert_eq!(bodies[one], "I32Const { value: 1 }");
        assert_eq!(bodies[exported[1] as usize], format!("Call {{ function_index: {one} }}"));
    }
}
