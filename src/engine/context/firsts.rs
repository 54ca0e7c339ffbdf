//! First invoices: the first invoice of each customer (what `first_order` rules test) and of
//! each order or subscription (what one-time plans and recurrence windows count from). The
//! first is the earliest by date, then by position; only invoices count, not credit notes.

use crate::model::sales::{Invoice, InvoiceKind};
use crate::model::Date;
use std::collections::HashMap;
use std::hash::Hash;

/// The order or subscription an invoice belongs to, subscription first: `(0, subscription)` or
/// `(1, order)`.
pub type OrderKey<'a> = (u8, &'a str);

/// The order or subscription an invoice belongs to (subscription first).
pub fn order_key(inv: &Invoice) -> Option<OrderKey<'_>> {
    match (&inv.subscription, &inv.order) {
        (Some(s), _) => Some((0, s.as_str())),
        (None, Some(o)) => Some((1, o.as_str())),
        _ => None,
    }
}

/// The first invoice (index) and its date for each key of `key_of`, over `invoices`.
pub fn first_by<'a, K: Hash + Eq>(
    invoices: impl Iterator<Item = &'a Invoice>,
    key_of: impl Fn(&'a Invoice) -> Option<K>,
) -> HashMap<K, (Date, usize)> {
    let mut first: HashMap<K, (Date, usize)> = HashMap::new();
    for (i, inv) in invoices.enumerate() {
        if inv.kind != InvoiceKind::Invoice {
            continue;
        }
        if let Some(key) = key_of(inv) {
            let e = first.entry(key).or_insert((inv.date, i));
            if (inv.date, i) < *e {
                *e = (inv.date, i);
            }
        }
    }
    first
}

/// The first invoice of each customer (by id).
pub fn first_of_customers<'a>(invoices: impl Iterator<Item = &'a Invoice>) -> HashMap<&'a str, (Date, usize)> {
    first_by(invoices, |inv| inv.customer.as_deref())
}

/// The first invoice of each order and subscription.
pub fn first_of_orders<'a>(invoices: impl Iterator<Item = &'a Invoice>) -> HashMap<OrderKey<'a>, (Date, usize)> {
    first_by(invoices, order_key)
}
