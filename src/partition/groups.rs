//! Downline-closed groups: each agent belongs to the group of the top of its upline chain, so
//! an upline and its whole downline are always together (overrides, group sales and levels are
//! then computed in one place). An agent whose upline changes over time (`history`) joins the
//! groups of every upline it ever has, so a downline stays whole on every date.

use crate::error::{EngineError, ErrorCode};
use crate::model::sales::Agent;
use std::collections::HashMap;

/// The group of every agent (an agent's index stands for its group): the top of its upline
/// chain, with the groups joined by the uplines of `history`. A chain that loops is a `cycle`
/// error on the header (line `line` of the stream).
pub fn roots(agents: &[Agent], line: u64) -> Result<Vec<usize>, EngineError> {
    let mut root = static_roots(agents, line)?;
    let index: HashMap<&str, usize> = agents.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    // Union-find over the groups: `parent` of a group, until a group is its own.
    let mut parent: Vec<usize> = (0..agents.len()).collect();
    fn find(parent: &mut [usize], mut g: usize) -> usize {
        while parent[g] != g {
            parent[g] = parent[parent[g]];
            g = parent[g];
        }
        g
    }
    for (a, agent) in agents.iter().enumerate() {
        for change in &agent.history {
            let Some(Some(up)) = &change.upline else { continue };
            let Some(&u) = index.get(up.as_str()) else { continue };
            let (x, y) = (find(&mut parent, root[a]), find(&mut parent, root[u]));
            if x != y {
                parent[x.max(y)] = x.min(y);
            }
        }
    }
    for r in root.iter_mut() {
        *r = find(&mut parent, *r);
    }
    Ok(root)
}

/// The top of every agent's upline chain, by `upline` alone.
fn static_roots(agents: &[Agent], line: u64) -> Result<Vec<usize>, EngineError> {
    let index: HashMap<&str, usize> = agents.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let upline: Vec<Option<usize>> = agents
        .iter()
        .map(|a| a.upline.as_deref().and_then(|u| index.get(u).copied()))
        .collect();
    let mut root: Vec<Option<usize>> = vec![None; agents.len()];
    let mut walk = Vec::new();
    for start in 0..agents.len() {
        walk.clear();
        let mut node = start;
        let top = loop {
            if let Some(r) = root[node] {
                break r;
            }
            walk.push(node);
            match upline[node] {
                Some(u) if walk.len() <= agents.len() => node = u,
                Some(_) => {
                    return Err(super::super::stream::book::at_line(
                        line,
                        EngineError::single(
                            ErrorCode::Cycle,
                            format!("/agents/{start}/upline"),
                            format!("the upline chain of agent `{}` loops", agents[start].id),
                        ),
                    ))
                }
                None => break node,
            }
        };
        for &w in &walk {
            root[w] = Some(top);
        }
    }
    Ok(root.into_iter().map(|r| r.unwrap_or_default()).collect())
}

/// Assigns weighted groups to `parts` parts, heaviest group first to the lightest part (ties:
/// the lower index), so the parts' weights are balanced. Returns the part of each group.
pub fn balance(weights: &[(usize, u64)], parts: usize) -> HashMap<usize, usize> {
    let mut order: Vec<&(usize, u64)> = weights.iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut load = vec![0u64; parts.max(1)];
    let mut out = HashMap::new();
    for &&(group, weight) in &order {
        let lightest = (0..load.len()).min_by_key(|&p| (load[p], p)).unwrap_or(0);
        load[lightest] += weight;
        out.insert(group, lightest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: &str, upline: Option<&str>) -> Agent {
        serde_json::from_value(serde_json::json!({ "id": id, "upline": upline })).unwrap()
    }

    #[test]
    fn every_agent_belongs_to_the_top_of_its_chain() {
        let agents = [
            agent("a", None),
            agent("b", Some("a")),
            agent("c", Some("b")),
            agent("d", None),
            agent("e", Some("d")),
        ];
        assert_eq!(roots(&agents, 1).unwrap(), [0, 0, 0, 3, 3]);
        let looped = [agent("a", Some("b")), agent("b", Some("a"))];
        assert_eq!(roots(&looped, 1).unwrap_err().code, ErrorCode::Cycle);
    }

    #[test]
    fn the_heaviest_groups_are_spread_first() {
        let parts = balance(&[(0, 10), (1, 7), (2, 5), (3, 4), (4, 1)], 2);
        // 10 -> p0; 7 -> p1; 5 -> p1 (7 < 10); 4 -> p0 (10 < 12); 1 -> p1 (12 < 14): 14 and 13.
        assert_eq!([parts[&0], parts[&1], parts[&2], parts[&3], parts[&4]], [0, 1, 1, 0, 1]);
    }
}
