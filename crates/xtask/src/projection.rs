//! What the app with all 50 machines would weigh, from what each defined machine adds.
//!
//! Each machine or sub-assembly is taken out of the checked default data in turn (with the
//! published figures about it), and the rest's postcard bytes packed as one LZMA stream; the
//! difference is what it adds to the download, whose xz-compressed wasm packs those bytes
//! with the same LZMA. A machine that includes another is measured without
//! the one it includes, which has its own row.

use crate::Result;
use gvcs_datapack::pack;

pub struct Projection {
    /// Machines of the set with a definition.
    pub defined: usize,
    /// Machines of the set in all.
    pub set: usize,
    /// Bytes each machine or sub-assembly adds, by id.
    pub added: Vec<(String, usize)>,
}

impl Projection {
    /// What a machine of the set adds with its share of the sub-assemblies, in bytes: all
    /// they add over the machines defined.
    pub fn mean(&self) -> f64 {
        self.added.iter().map(|(_, b)| *b as f64).sum::<f64>() / self.defined.max(1) as f64
    }

    /// The app's `size` with the set's undefined machines at the mean each.
    pub fn fifty(&self, size: u64) -> u64 {
        size + ((self.set - self.defined) as f64 * self.mean()) as u64
    }
}

fn packed_len(data: &gvcs_assets::Data) -> Result<usize> {
    Ok(pack::lzma(&gvcs_def::packed::to_bytes(data).map_err(|e| e.to_string())?).len())
}

pub fn measure() -> Result<Projection> {
    let data = gvcs_assets::load().map_err(|e| e.to_string())?;
    let all = packed_len(&data)?;
    let defined = data.library.index.iter().filter(|e| data.library.machines.iter().any(|m| m.id == e.id)).count();
    let mut added = Vec::new();
    for m in &data.library.machines {
        let mut rest = data.clone();
        rest.library.machines.retain(|n| n.id != m.id);
        rest.published.figures.retain(|f| f.machine != m.id);
        added.push((m.id.clone(), all.saturating_sub(packed_len(&rest)?)));
    }
    Ok(Projection { defined, set: data.library.index.len(), added })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_definition_adds_to_the_download_and_the_projection_counts_the_rest() {
        let p = measure().unwrap();
        assert_eq!(p.set, 50);
        assert!(p.defined >= 16 && p.defined < p.set, "{} machines defined", p.defined);
        assert!(p.added.len() > p.defined, "sub-assemblies are measured too");
        assert!(p.added.iter().all(|(_, b)| *b > 200), "each adds its bytes: {:?}", p.added);
        // The CEB press, part for part with OSE's model, is the largest.
        assert_eq!(p.added.iter().max_by_key(|(_, b)| *b).unwrap().0, "ceb-press");
        let fifty = p.fifty(400 * 1024);
        assert_eq!(fifty, 400 * 1024 + ((p.set - p.defined) as f64 * p.mean()) as u64);
    }
}
