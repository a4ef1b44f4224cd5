//! The machines' relations as a graph. `built_with` says which tools of the set make a
//! machine; OSE's tools make each other (the torch table cuts the ironworker's plates, the
//! ironworker punches the torch table's), so the graph has cycles. They are found here and
//! shown, so a planner can state how it breaks them rather than loop on them.

use crate::library::Library;
use crate::map::LiteMap;

impl Library {
    /// What machine `id` is built with: its definition's `[relations]`, or else OSE's ecology
    /// in the index.
    pub fn built_with(&self, id: &str) -> &[String] {
        match (self.machine(id), self.index_entry(id)) {
            (Some(m), _) if !m.is_assembly() => &m.relations.built_with,
            (_, Some(e)) => &e.built_with,
            _ => &[],
        }
    }

    /// Groups of machines of the set that build each other through `built_with`, each
    /// sorted, largest first. A machine that lists itself is a group of one.
    pub fn build_cycles(&self) -> Vec<Vec<String>> {
        let edges: LiteMap<&str, Vec<&str>> =
            crate::map::collect(self.index.iter().map(|e| (e.id.as_str(), self.built_with(&e.id).iter().map(String::as_str).collect())));
        let mut groups: Vec<Vec<String>> = strongly_connected(&edges)
            .into_iter()
            .filter(|g| g.len() > 1 || edges.get(g[0]).is_some_and(|e| e.contains(&g[0])))
            .map(|mut g| {
                crate::sort::by(&mut g, |a, b| a.cmp(b));
                g.into_iter().map(String::from).collect()
            })
            .collect();
        crate::sort::by(&mut groups, |a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        groups
    }
}

/// Tarjan's strongly connected components of a small graph (nodes without an entry have no
/// out-edges).
fn strongly_connected<'a>(edges: &LiteMap<&'a str, Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    struct State<'a, 'e> {
        edges: &'e LiteMap<&'a str, Vec<&'a str>>,
        index: LiteMap<&'a str, (usize, usize)>,
        stack: Vec<&'a str>,
        on_stack: LiteMap<&'a str, bool>,
        next: usize,
        out: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(s: &mut State<'a, '_>, v: &'a str) {
        s.index.insert(v, (s.next, s.next));
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v, true);
        for &w in s.edges.get(v).map(Vec::as_slice).unwrap_or(&[]) {
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.index[&v].1.min(s.index[&w].1);
                s.index.get_mut(v).expect("visited").1 = low;
            } else if s.on_stack.get(w).copied().unwrap_or(false) {
                let low = s.index[&v].1.min(s.index[&w].0);
                s.index.get_mut(v).expect("visited").1 = low;
            }
        }
        if s.index[&v].0 == s.index[&v].1 {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.insert(w, false);
                group.push(w);
                if w == v {
                    break;
                }
            }
            s.out.push(group);
        }
    }
    let mut s = State { edges, index: LiteMap::new(), stack: Vec::new(), on_stack: LiteMap::new(), next: 0, out: Vec::new() };
    for &v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_machines_that_build_each_other() {
        let e: LiteMap<&str, Vec<&str>> = crate::map::collect([
            ("torch", vec!["ironworker", "welder"]),
            ("ironworker", vec!["torch"]),
            ("welder", vec![]),
            ("press", vec!["torch", "press"]),
        ]);
        let mut groups: Vec<Vec<&str>> = strongly_connected(&e)
            .into_iter()
            .map(|mut g| {
                g.sort();
                g
            })
            .collect();
        groups.sort();
        assert_eq!(groups, vec![vec!["ironworker", "torch"], vec!["press"], vec!["welder"]]);
    }
}
