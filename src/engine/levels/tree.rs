//! The upline tree as flat arrays: children of each agent and an order with every upline
//! before its downline. Everything that walks the hierarchy (group sales, depth, compression,
//! the team report) iterates over this order, so nothing recurses and a chain 10,000 levels
//! deep costs the same as a flat team of 10,000.

/// The agents' hierarchy (indexes into the sales document's agents).
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// Each agent's upline.
    pub upline: Vec<Option<usize>>,
    /// Every agent, each upline before its downline: roots first, then breadth first.
    pub order: Vec<usize>,
    /// Each agent's distance from its root (0 for a root).
    pub depth: Vec<u32>,
    /// `children[child_start[a]..child_start[a + 1]]` are the direct downline of agent `a`,
    /// in document order.
    child_start: Vec<usize>,
    children: Vec<usize>,
}

impl Tree {
    /// Builds the tree from the uplines (already checked for cycles by the context). An agent on
    /// a loop would be left out of `order`; the context rejects loops, so none is.
    pub fn new(upline: &[Option<usize>]) -> Tree {
        let n = upline.len();
        let mut child_start = vec![0usize; n + 1];
        for u in upline.iter().flatten() {
            child_start[u + 1] += 1;
        }
        for a in 0..n {
            child_start[a + 1] += child_start[a];
        }
        let mut fill = child_start.clone();
        let mut children = vec![0usize; child_start[n]];
        for (a, u) in upline.iter().enumerate() {
            if let Some(u) = *u {
                children[fill[u]] = a;
                fill[u] += 1;
            }
        }
        let mut order: Vec<usize> = (0..n).filter(|&a| upline[a].is_none()).collect();
        let mut depth = vec![0u32; n];
        let mut k = 0;
        while k < order.len() {
            let a = order[k];
            for &c in &children[child_start[a]..child_start[a + 1]] {
                depth[c] = depth[a] + 1;
                order.push(c);
            }
            k += 1;
        }
        Tree {
            upline: upline.to_vec(),
            order,
            depth,
            child_start,
            children,
        }
    }

    /// The direct downline of agent `a`.
    pub fn children(&self, a: usize) -> &[usize] {
        &self.children[self.child_start[a]..self.child_start[a + 1]]
    }

    /// The agents in display order: each root followed by its whole downline, depth first,
    /// children in document order (iterative).
    pub fn preorder(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.upline.len());
        let mut stack: Vec<usize> = (0..self.upline.len()).filter(|&a| self.upline[a].is_none()).rev().collect();
        while let Some(a) = stack.pop() {
            out.push(a);
            stack.extend(self.children(a).iter().rev());
        }
        out
    }

    /// Sums a value per agent over each agent's whole downline (itself included), by visiting
    /// the agents in reverse order: every downline is complete before its upline adds it.
    pub fn group_sums<T: Copy, E>(&self, own: &[T], add: impl Fn(T, T) -> Result<T, E>) -> Result<Vec<T>, E> {
        let mut sums = own.to_vec();
        for &a in self.order.iter().rev() {
            if let Some(u) = self.upline[a] {
                sums[u] = add(sums[u], sums[a])?;
            }
        }
        Ok(sums)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_depths_and_sums() {
        // 0 <- 1 <- 2, 0 <- 3, 4 alone
        let t = Tree::new(&[None, Some(0), Some(1), Some(0), None]);
        assert_eq!(t.order, vec![0, 4, 1, 3, 2]);
        assert_eq!(t.depth, vec![0, 1, 2, 1, 0]);
        assert_eq!(t.preorder(), vec![0, 1, 2, 3, 4]);
        assert_eq!(t.children(0), &[1, 3]);
        let sums = t.group_sums(&[1u32, 2, 4, 8, 16], |a, b| Ok::<_, ()>(a + b)).unwrap();
        assert_eq!(sums, vec![15, 6, 4, 8, 16]);
    }

    #[test]
    fn a_chain_100_000_deep_needs_no_recursion() {
        let n: usize = 100_000;
        let upline: Vec<Option<usize>> = (0..n).map(|a| a.checked_sub(1)).collect();
        let t = Tree::new(&upline);
        assert_eq!(t.depth[n - 1], (n - 1) as u32);
        assert_eq!(t.preorder().len(), n);
        let sums = t.group_sums(&vec![1u64; n], |a, b| Ok::<_, ()>(a + b)).unwrap();
        assert_eq!(sums[0], n as u64);
    }
}
