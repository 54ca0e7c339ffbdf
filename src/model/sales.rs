//! The sales document: agents, customers, categories, invoices and exchange rates.

use super::{Date, Id};
use crate::money::Dec;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The sales document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SalesDoc {
    /// The date levels and level bonuses are evaluated at; the latest invoice date when absent.
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub as_of: Option<Date>,
    /// The sales agents and partners.
    #[serde(default)]
    pub agents: Vec<Agent>,
    /// The customers.
    #[serde(default)]
    pub customers: Vec<Customer>,
    /// Product categories with their parents.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// The product catalog: defaults for the lines that name a product.
    #[serde(default)]
    pub products: Vec<Product>,
    /// Invoices and credit notes.
    #[serde(default)]
    pub invoices: Vec<Invoice>,
    /// Exchange rates into the plan currency.
    #[serde(default)]
    pub fx: Vec<FxRate>,
}

/// A sales agent, reseller or partner.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// The agent's id.
    pub id: Id,
    /// A display name.
    #[serde(default)]
    pub name: Option<String>,
    /// The agent above this one (recruiter, manager).
    #[serde(default)]
    pub upline: Option<Id>,
    /// The level the agent holds now.
    #[serde(default)]
    pub level: Option<Id>,
    /// The agent's groups; the first with a plan gives the group plan.
    #[serde(default)]
    pub groups: Vec<Id>,
    /// The onboarding stage (`first_contact`, `ramp_up`, `operational`, ...).
    #[serde(default)]
    pub activation: Option<Id>,
    /// Dated changes, in date order: each entry's fields hold from its date until a later entry
    /// changes them; before the first entry the fields above hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<AgentChange>,
}

/// A dated change of an agent: a field absent keeps its value, `null` clears it, `groups`
/// replaces the list.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AgentChange {
    /// The first day the change holds (inclusive).
    #[serde(deserialize_with = "super::date::strict")]
    pub from: Date,
    /// The new upline (`null`: none).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub upline: Option<Option<Id>>,
    /// The new level (`null`: none).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub level: Option<Option<Id>>,
    /// The new onboarding stage (`null`: none).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub activation: Option<Option<Id>>,
    /// The new list of groups, replacing the old one (`null`: none).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub groups: Option<Option<Vec<Id>>>,
}

/// `deserialize_with` for a field whose absence (keep) differs from `null` (clear): a present
/// field, `null` included, is `Some`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A customer.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The customer's id.
    pub id: Id,
    /// A display name.
    #[serde(default)]
    pub name: Option<String>,
    /// The customer's class (classification, group).
    #[serde(default)]
    pub class: Option<Id>,
    /// The date of the customer's first order, when it precedes the data.
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub first_order_date: Option<Date>,
    /// The agents credited with this customer's invoices that name no agents.
    #[serde(default)]
    pub agents: Vec<CustomerAgent>,
}

/// An agent credited with a customer's invoices.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomerAgent {
    /// The agent.
    pub id: Id,
    /// The agent's role for this customer.
    #[serde(default)]
    pub role: Option<Id>,
    /// The plan for this customer's invoices.
    #[serde(default)]
    pub plan: Option<Id>,
    /// The agent's share in percent; the shares of the non-overlay entries in force on an
    /// invoice date sum to 100 (a single entry may omit it: 100).
    #[serde(default)]
    pub share: Option<Dec>,
    /// Earns on the whole base, outside the split (no `share`).
    #[serde(default)]
    pub overlay: bool,
    /// The percent of the base counted toward this agent's ladder and quota volume
    /// (default: its share; overlay: 100).
    #[serde(default)]
    pub quota_credit: Option<Dec>,
    /// First invoice date credited (inclusive): the commission start date.
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub from: Option<Date>,
    /// Last invoice date credited (inclusive).
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub thru: Option<Date>,
}

/// A product category.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The category's id.
    pub id: Id,
    /// The parent category.
    #[serde(default)]
    pub parent: Option<Id>,
}

/// A product of the catalog; its fields are defaults for the lines that name it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// The product's id.
    pub id: Id,
    /// A display name.
    #[serde(default)]
    pub name: Option<String>,
    /// The product's category (a line's own `category` wins).
    #[serde(default)]
    pub category: Option<Id>,
    /// The product's unit cost (a line's own `unit_cost` wins).
    #[serde(default)]
    pub unit_cost: Option<Dec>,
    /// The product's lines earn nothing under any rule and count in no ladder measure
    /// (they still count in level measures).
    #[serde(default)]
    pub commission_free: bool,
}

/// Whether a document is an invoice or a credit note.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// A sale (the default).
    #[default]
    Invoice,
    /// A refund of (part of) the invoice named by `refunds`.
    CreditNote,
}

/// An invoice or credit note.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Invoice {
    /// The invoice's id.
    pub id: Id,
    /// The invoice date.
    #[serde(deserialize_with = "super::date::strict")]
    pub date: Date,
    /// The customer.
    #[serde(default)]
    pub customer: Option<Id>,
    /// The invoice currency; the plan currency when absent.
    #[serde(default)]
    pub currency: Option<String>,
    /// Invoice or credit note.
    #[serde(default)]
    pub kind: InvoiceKind,
    /// For a credit note: the invoice it refunds.
    #[serde(default)]
    pub refunds: Option<Id>,
    /// The order the invoice belongs to.
    #[serde(default)]
    pub order: Option<Id>,
    /// The subscription the invoice belongs to.
    #[serde(default)]
    pub subscription: Option<Id>,
    /// The price list the invoice was priced with (matched by `when.pricelists`).
    #[serde(default)]
    pub pricelist: Option<Id>,
    /// The agents credited; the customer's agents when absent.
    #[serde(default)]
    pub agents: Option<Vec<InvoiceAgent>>,
    /// The lines.
    #[serde(default)]
    pub lines: Vec<Line>,
    /// Payments applied to this invoice.
    #[serde(default)]
    pub payments: Vec<Payment>,
}

/// An agent credited on an invoice.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoiceAgent {
    /// The agent.
    pub id: Id,
    /// The agent's role on this invoice (`sales_rep`, `partner`, ...).
    #[serde(default)]
    pub role: Option<Id>,
    /// The agent's share in percent; the shares of the non-overlay entries on an invoice sum to
    /// 100. Default: equal.
    #[serde(default)]
    pub share: Option<Dec>,
    /// Earns on the whole base, outside the split (no `share`).
    #[serde(default)]
    pub overlay: bool,
    /// The percent of the base counted toward this agent's ladder and quota volume
    /// (default: its share; overlay: 100).
    #[serde(default)]
    pub quota_credit: Option<Dec>,
    /// The plan for this invoice (an order-level plan).
    #[serde(default)]
    pub plan: Option<Id>,
    /// The commission start date for this order: earlier invoices earn nothing.
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub from: Option<Date>,
}

/// The kind of an invoice line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A product (the default).
    #[default]
    Product,
    /// A service.
    Service,
    /// Shipping: never earns, outside `net`.
    Shipping,
    /// A fee: never earns, outside `net`.
    Fee,
    /// Tax: never earns; added by `gross`.
    Tax,
    /// An invoice-level discount (negative), allocated pro rata to product and service lines.
    Discount,
}

/// An invoice line.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The product.
    #[serde(default)]
    pub product: Option<Id>,
    /// The product's category.
    #[serde(default)]
    pub category: Option<Id>,
    /// A description.
    #[serde(default)]
    pub description: Option<String>,
    /// The line kind.
    #[serde(default)]
    pub kind: LineKind,
    /// Quantity; 1 when absent.
    #[serde(default)]
    pub quantity: Option<Dec>,
    /// Unit price in the invoice currency.
    pub unit_price: Dec,
    /// Line discount in percent.
    #[serde(default)]
    pub discount_percent: Option<Dec>,
    /// Line discount as an amount of the whole line (not with `discount_percent`).
    #[serde(default)]
    pub discount_amount: Option<Dec>,
    /// Unit cost (for the `margin` base).
    #[serde(default)]
    pub unit_cost: Option<Dec>,
    /// Tax on this line.
    #[serde(default)]
    pub tax: Option<Dec>,
}

/// A payment applied to an invoice.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The date the payment was confirmed.
    #[serde(deserialize_with = "super::date::strict")]
    pub date: Date,
    /// The amount applied to this invoice, in the invoice currency.
    pub amount: Dec,
    /// Only `received` payments (the default) count toward `payment` and `paid` timing.
    #[serde(default)]
    pub status: PaymentStatus,
}

/// The status of a payment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Received (the default): counts toward `payment` and `paid` timing.
    #[default]
    Received,
    /// Not yet received.
    Pending,
    /// Cancelled.
    Cancelled,
    /// Voided.
    Voided,
}

/// An exchange rate: one unit of `currency` is worth `rate` units of the plan currency from
/// `date` on.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FxRate {
    /// The foreign currency.
    pub currency: String,
    /// The date the rate applies from.
    #[serde(deserialize_with = "super::date::strict")]
    pub date: Date,
    /// The rate into the plan currency.
    pub rate: Dec,
}
