//! Splitting a streamed book into parts: each invoice line is checked and kept as its text,
//! with what routing needs (date, customer, order, line count, the groups credited); at the end
//! the groups are balanced over the parts by invoice lines and each part gets its invoices, in
//! book order, and a header in which whatever needs the whole book is settled.
//!
//! A splitter made by [`Splitter::routing_only`] keeps no text: only what routing needs (tens
//! of bytes an invoice), so that a book of gigabytes is split in bounded memory; its parts are
//! then written by whoever can read the book a second time (the Node runner reads the file
//! again), by the stream line numbers of each part's invoices ([`PartInfo::lines`]).

use super::groups::{balance, roots};
use super::part::PartInfo;
use crate::error::{EngineError, ErrorCode};
use crate::limits::MAX_PARTS;
use crate::model::sales::{Invoice, InvoiceKind, SalesDoc};
use crate::model::Date;
use crate::stream::book::{at_line, duplicate_id, read_header, read_invoice, too_long, References};
use crate::stream::lines::LineSplitter;
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

/// No customer, no order.
const NONE: u32 = u32::MAX;

/// The size of a block of kept invoice text, in bytes.
const TEXT_BLOCK: usize = 16 * 1024 * 1024;

/// Default largest part, in invoice lines, when the number of parts is not given.
pub const DEFAULT_PART_LINES: u64 = 250_000;

/// How to split.
#[derive(Clone, Copy, Debug, Default)]
pub struct SplitOptions {
    /// The number of parts; when absent, as many as keep each part near `part_lines`.
    pub parts: Option<usize>,
    /// The target size of a part in invoice lines (default [`DEFAULT_PART_LINES`]).
    pub part_lines: Option<u64>,
}

/// A book being split, fed chunk by chunk.
#[derive(Debug, Default)]
pub struct Splitter {
    splitter: LineSplitter,
    header: Option<Header>,
    /// Every invoice line's text, one after the other, in blocks (so that the text of a book
    /// of gigabytes never needs one contiguous allocation, nor twice its size while growing).
    text: Vec<Vec<u8>>,
    /// Where each invoice's text is: its block, and its start and end in the block.
    starts: Vec<(u32, u32, u32)>,
    /// Routing only: no text is kept, and an id is told apart by a second, independent hash
    /// (one per invoice) instead of by its text.
    routing_only: bool,
    checks: Vec<u64>,
    line: Vec<u32>,
    date: Vec<Date>,
    customer: Vec<u32>,
    order: Vec<u32>,
    weight: Vec<u32>,
    invoice_kind: Vec<bool>,
    group_start: Vec<u32>,
    groups: Vec<u32>,
    /// Credit notes: (invoice, the id of the invoice refunded).
    refunds: Vec<(u32, String)>,
    ids: HashMap<u64, u32>,
    colliding_ids: HashMap<String, u32>,
    orders: HashMap<(u8, String), u32>,
}

#[derive(Debug)]
struct Header {
    doc: SalesDoc,
    refs: References,
    root: Vec<usize>,
    line: u64,
}

/// How many parts a split makes: `parts`, else as many as keep each near `part_lines` invoice
/// lines; at least 1 and at most `MAX_PARTS` (`limit_exceeded` at `/parts` past it: every part
/// costs memory and the balancing is linear in the parts for each group).
fn part_count(options: &SplitOptions, total: u64) -> Result<usize, EngineError> {
    let count = match options.parts {
        Some(parts) => parts as u64,
        None => total.div_ceil(options.part_lines.unwrap_or(DEFAULT_PART_LINES).max(1)),
    };
    if count > MAX_PARTS as u64 {
        return Err(EngineError::single(
            ErrorCode::LimitExceeded,
            "/parts",
            format!("{count} parts; at most {MAX_PARTS} per split"),
        ));
    }
    Ok(count.max(1) as usize)
}

/// A finished split: the parts' invoices and headers.
#[derive(Debug)]
pub struct Split {
    source: Splitter,
    parts: Vec<PartPlan>,
}

#[derive(Debug)]
struct PartPlan {
    invoices: Vec<u32>,
    header: String,
    info: PartInfo,
}

impl Splitter {
    /// A splitter whose stream's first line is numbered `first` (1 for a whole book).
    pub fn starting_at(first: u64) -> Splitter {
        Splitter {
            splitter: LineSplitter::starting_at(first),
            ..Splitter::default()
        }
    }

    /// A splitter that keeps no invoice text (see the module's documentation): its [`Split`]
    /// has the parts' headers and infos, not their invoice lines.
    pub fn routing_only(first: u64) -> Splitter {
        Splitter {
            routing_only: true,
            ..Splitter::starting_at(first)
        }
    }

    /// Reads the lines completed by `chunk`; the first bad line stops the split with its error.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), EngineError> {
        let mut splitter = std::mem::take(&mut self.splitter);
        let r = splitter.push(chunk, |n, l| self.line(n, l));
        self.splitter = splitter;
        r.map_err(too_long)
    }

    /// Lines read so far.
    pub fn lines_read(&self) -> u64 {
        self.splitter.lines()
    }

    /// Invoices read so far.
    pub fn invoices(&self) -> usize {
        self.line.len()
    }

    fn line(&mut self, n: u64, text: &[u8]) -> Result<(), EngineError> {
        if text.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let Some(header) = &self.header else {
            let doc = read_header(n, text)?;
            let root = roots(&doc.agents, n)?;
            let refs = References::of(&doc);
            self.header = Some(Header {
                doc,
                refs,
                root,
                line: n,
            });
            return Ok(());
        };
        let index = self.line.len();
        if index >= u32::MAX as usize - 1 {
            return Err(at_line(
                n,
                EngineError::single(ErrorCode::LimitExceeded, "", "too many invoices in one book"),
            ));
        }
        let inv = read_invoice(n, index, text, &header.refs)?;
        let hash = id_hash(&inv.id);
        if let Some(first) = self.find(&inv.id, hash) {
            return Err(duplicate_id(n, index, &inv.id, Some(u64::from(self.line[first as usize]))));
        }
        match self.ids.entry(hash) {
            std::collections::hash_map::Entry::Occupied(_) => {
                self.colliding_ids.insert(inv.id.clone(), index as u32);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(index as u32);
            }
        }
        let groups = credited_groups(header, &inv);
        let customer = inv
            .customer
            .as_ref()
            .and_then(|c| header.refs.customers.get(c))
            .map(|&c| c as u32)
            .unwrap_or(NONE);
        let order = self.order_of(&inv);
        if let (InvoiceKind::CreditNote, Some(target)) = (inv.kind, &inv.refunds) {
            self.refunds.push((index as u32, target.clone()));
        }
        if self.routing_only {
            self.checks.push(check_hash(&inv.id));
        } else {
            self.keep_text(text);
        }
        self.line.push(u32::try_from(n).unwrap_or(u32::MAX));
        self.date.push(inv.date);
        self.customer.push(customer);
        self.order.push(order);
        self.weight.push(inv.lines.len().max(1) as u32);
        self.invoice_kind.push(inv.kind == InvoiceKind::Invoice);
        self.group_start.push(self.groups.len() as u32);
        self.groups.extend(groups);
        Ok(())
    }

    /// The index of an invoice's subscription or order (numbered as first seen), or `NONE`.
    fn order_of(&mut self, inv: &Invoice) -> u32 {
        let order_key = match (&inv.subscription, &inv.order) {
            (Some(s), _) => Some((0u8, s.clone())),
            (None, Some(o)) => Some((1u8, o.clone())),
            _ => None,
        };
        let order = match order_key {
            Some(key) => {
                let next = self.orders.len() as u32;
                *self.orders.entry(key).or_insert(next)
            }
            None => NONE,
        };
        order
    }

    /// The index of the invoice with id `id` read so far.
    fn find(&self, id: &str, hash: u64) -> Option<u32> {
        if let Some(&k) = self.colliding_ids.get(id) {
            return Some(k);
        }
        let &k = self.ids.get(&hash)?;
        let same = if self.routing_only {
            self.checks[k as usize] == check_hash(id)
        } else {
            self.id_of(k as usize).as_deref() == Some(id)
        };
        same.then_some(k)
    }

    fn id_of(&self, k: usize) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct IdOnly {
            id: String,
        }
        serde_json::from_slice::<IdOnly>(self.text_of(k)).ok().map(|x| x.id)
    }

    fn text_of(&self, k: usize) -> &[u8] {
        let (block, start, end) = self.starts[k];
        &self.text[block as usize][start as usize..end as usize]
    }

    /// Keeps an invoice line's text in the last block, or in a new one when it is full.
    fn keep_text(&mut self, text: &[u8]) {
        let fits = self
            .text
            .last()
            .map(|b| b.capacity() - b.len() >= text.len())
            .unwrap_or(false);
        if !fits {
            self.text.push(Vec::with_capacity(TEXT_BLOCK.max(text.len())));
        }
        let block = self.text.len() - 1;
        let b = &mut self.text[block];
        let start = b.len();
        b.extend_from_slice(text);
        self.starts.push((block as u32, start as u32, b.len() as u32));
    }

    fn groups_of(&self, k: usize) -> &[u32] {
        let end = self.group_start.get(k + 1).copied().unwrap_or(self.groups.len() as u32);
        &self.groups[self.group_start[k] as usize..end as usize]
    }

    /// Ends the stream and splits it.
    pub fn finish(mut self, options: SplitOptions) -> Result<Split, EngineError> {
        let mut splitter = std::mem::take(&mut self.splitter);
        splitter.finish(|n, l| self.line(n, l))?;
        let Some(header) = self.header.take() else {
            return Err(at_line(
                1,
                EngineError::single(ErrorCode::InvalidSales, "", "the header is missing: the stream is empty"),
            ));
        };
        let n = self.line.len();
        let note_groups = self.credit_note_groups()?;
        let groups_of = |k: usize| -> &[u32] { note_groups.get(&(k as u32)).map(Vec::as_slice).unwrap_or(self.groups_of(k)) };
        let mut weights: HashMap<usize, u64> = HashMap::new();
        let mut total = 0u64;
        for k in 0..n {
            for &g in groups_of(k) {
                *weights.entry(g as usize).or_default() += u64::from(self.weight[k]);
            }
            total += u64::from(self.weight[k]);
        }
        let count = part_count(&options, total)?;
        let mut weighted: Vec<(usize, u64)> = weights.into_iter().collect();
        weighted.sort();
        let part_of_group = balance(&weighted, count);
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); count];
        for k in 0..n {
            let mut parts: Vec<usize> = groups_of(k).iter().map(|g| part_of_group[&(*g as usize)]).collect();
            if parts.is_empty() {
                // Nobody is credited: the invoice gives only a warning, written by the first part.
                parts.push(0);
            }
            parts.sort_unstable();
            parts.dedup();
            for p in parts {
                lists[p].push(k as u32);
            }
        }
        self.add_first_of_orders(&mut lists);
        let as_of = header.doc.as_of.or_else(|| self.date.iter().max().copied());
        let book_first = self.first_of_customers((0..n as u32).collect::<Vec<_>>().as_slice());
        let mut parts = Vec::with_capacity(count);
        for (p, invoices) in lists.into_iter().enumerate() {
            let header_text = self.part_header(&header.doc, as_of, &invoices, &book_first)?;
            let owned = header
                .doc
                .agents
                .iter()
                .enumerate()
                .filter(|&(a, _)| part_of_group.get(&header.root[a]) == Some(&p))
                .map(|(_, a)| a.id.clone())
                .collect();
            let info = PartInfo {
                part: p,
                parts: count,
                agents: owned,
                unassigned: p == 0,
                positions: invoices.iter().map(|&k| u64::from(k)).collect(),
                lines: invoices.iter().map(|&k| u64::from(self.line[k as usize])).collect(),
                header_line: header.line,
            };
            parts.push(PartPlan {
                invoices,
                header: header_text,
                info,
            });
        }
        Ok(Split { source: self, parts })
    }

    /// The groups of each credit note: those of the invoice it refunds (a credit note rides on
    /// that invoice, so it goes where that invoice goes).
    fn credit_note_groups(&mut self) -> Result<HashMap<u32, Vec<u32>>, EngineError> {
        let mut note_groups = HashMap::new();
        for (note, target) in std::mem::take(&mut self.refunds) {
            let Some(t) = self.find(&target, id_hash(&target)) else {
                return Err(at_line(
                    u64::from(self.line[note as usize]),
                    EngineError::single(
                        ErrorCode::UnknownReference,
                        format!("/invoices/{note}/refunds"),
                        format!("unknown invoice `{target}`"),
                    ),
                ));
            };
            note_groups.insert(note, self.groups_of(t as usize).to_vec());
        }
        Ok(note_groups)
    }

    /// Whether an invoice is the first of its order or subscription decides one-time and
    /// recurring plans: a part with an invoice of an order also gets the order's first invoice.
    fn add_first_of_orders(&self, lists: &mut [Vec<u32>]) {
        if self.orders.is_empty() {
            return;
        }
        let mut first: HashMap<u32, u32> = HashMap::new();
        for k in 0..self.line.len() {
            let o = self.order[k];
            if o == NONE || !self.invoice_kind[k] {
                continue;
            }
            let e = first.entry(o).or_insert(k as u32);
            if (self.date[k], k as u32) < (self.date[*e as usize], *e) {
                *e = k as u32;
            }
        }
        for list in lists.iter_mut() {
            let mut extra: BTreeSet<u32> = BTreeSet::new();
            for &k in list.iter() {
                let o = self.order[k as usize];
                if o != NONE && self.invoice_kind[k as usize] {
                    if let Some(&f) = first.get(&o) {
                        extra.insert(f);
                    }
                }
            }
            if extra.is_empty() {
                continue;
            }
            let mut merged: Vec<u32> = list.iter().copied().chain(extra).collect();
            merged.sort_unstable();
            merged.dedup();
            *list = merged;
        }
    }

    /// The first invoice (by date, then book order) of each customer among `invoices`.
    fn first_of_customers(&self, invoices: &[u32]) -> HashMap<u32, u32> {
        let mut first: HashMap<u32, u32> = HashMap::new();
        for &k in invoices {
            let c = self.customer[k as usize];
            if c == NONE || !self.invoice_kind[k as usize] {
                continue;
            }
            let e = first.entry(c).or_insert(k);
            if (self.date[k as usize], k) < (self.date[*e as usize], *e) {
                *e = k;
            }
        }
        first
    }

    /// The header of a part: the whole header (every agent, in book order, so that indexes
    /// match), `as_of` settled, and each customer whose first order in the whole book is not its
    /// first in this part given a `first_order_date` before that part-first invoice.
    fn part_header(
        &self,
        doc: &SalesDoc,
        as_of: Option<Date>,
        invoices: &[u32],
        book_first: &HashMap<u32, u32>,
    ) -> Result<String, EngineError> {
        let part_first = self.first_of_customers(invoices);
        let mut header = doc.clone();
        header.as_of = as_of;
        for (&c, &k) in &part_first {
            if book_first.get(&c) == Some(&k) {
                continue;
            }
            let before = self.date[k as usize].pred_opt().unwrap_or(self.date[k as usize]);
            let customer = &mut header.customers[c as usize];
            customer.first_order_date = Some(customer.first_order_date.map(|d| d.min(before)).unwrap_or(before));
        }
        let mut value = serde_json::to_value(&header).map_err(|e| EngineError::single(ErrorCode::Overflow, "", e.to_string()))?;
        if let Value::Object(map) = &mut value {
            map.remove("invoices");
        }
        Ok(value.to_string())
    }
}

impl Split {
    /// How many parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// True when there are no parts (never: a split has at least one).
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The header line of part `p` (JSON, no newline).
    pub fn header(&self, p: usize) -> &str {
        &self.parts[p].header
    }

    /// What part `p` is, for [`super::calculate_part`] and [`super::merge`].
    pub fn info(&self, p: usize) -> &PartInfo {
        &self.parts[p].info
    }

    /// How many invoices part `p` has.
    pub fn invoices(&self, p: usize) -> usize {
        self.parts[p].invoices.len()
    }

    /// Whether the invoice text was kept (not a [`Splitter::routing_only`] split): only then
    /// do [`Split::lines`] and [`Split::sales`] have the parts' invoices.
    pub fn has_text(&self) -> bool {
        !self.source.routing_only
    }

    /// Invoices `from..` of part `p` as NDJSON (each line ending in `\n`), as many as fit in
    /// `max_bytes` (at least one); returns the text and the next `from`. Empty for a
    /// routing-only split.
    pub fn lines(&self, p: usize, from: usize, max_bytes: usize) -> (Vec<u8>, usize) {
        let list = &self.parts[p].invoices;
        let mut out = Vec::new();
        let mut next = from;
        if !self.has_text() {
            return (out, list.len());
        }
        while next < list.len() {
            let text = self.source.text_of(list[next] as usize);
            if !out.is_empty() && out.len() + text.len() + 1 > max_bytes {
                break;
            }
            out.extend_from_slice(text);
            out.push(b'\n');
            next += 1;
        }
        (out, next)
    }

    /// Part `p` as a sales document (JSON text): its header with its invoices (none for a
    /// routing-only split).
    pub fn sales(&self, p: usize) -> String {
        let invoices: &[u32] = if self.has_text() { &self.parts[p].invoices } else { &[] };
        let header = &self.parts[p].header;
        let mut out = String::with_capacity(header.len() + 64);
        out.push_str(&header[..header.len() - 1]);
        out.push_str(if header.len() > 2 {
            ",\"invoices\":["
        } else {
            "\"invoices\":["
        });
        for (i, &k) in invoices.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&String::from_utf8_lossy(self.source.text_of(k as usize)));
        }
        out.push_str("]}");
        out
    }
}

/// The groups of the agents credited with an invoice (by the invoice, or by its customer).
fn credited_groups(header: &Header, inv: &Invoice) -> BTreeSet<u32> {
    let credited: Vec<usize> = match inv.agents.as_ref().filter(|l| !l.is_empty()) {
        Some(list) => list.iter().filter_map(|a| header.refs.agents.get(&a.id).copied()).collect(),
        None => inv
            .customer
            .as_ref()
            .and_then(|c| header.refs.customers.get(c))
            .map(|&c| {
                header.doc.customers[c]
                    .agents
                    .iter()
                    .filter(|a| a.thru.map(|t| inv.date <= t).unwrap_or(true))
                    .filter_map(|a| header.refs.agents.get(&a.id).copied())
                    .collect()
            })
            .unwrap_or_default(),
    };
    let groups: BTreeSet<u32> = credited.iter().map(|&a| header.root[a] as u32).collect();
    groups
}

fn id_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// A second hash of an id, independent of [`id_hash`] (another prefix): two ids are taken as
/// the same when both agree (for two distinct ids, a chance of about 2^-128).
fn check_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    0x9e37_79b9_7f4a_7c15u64.hash(&mut h);
    id.hash(&mut h);
    h.finish()
}
