//! Structure-aware generators: `arbitrary`-derived builders that turn fuzzer bytes into
//! plausible plan, sales, options, what-if and curve documents.
//!
//! Ids come from small pools (so that references mostly resolve, agents share invoices and
//! uplines form trees and, sometimes, cycles), numbers from a mix of ordinary amounts and the
//! extremes of the decimal type, dates from one year with a few invalid ones. Every field the
//! contract knows is reachable; now and then a value of the wrong type is written instead, so
//! that the checks of the documents are exercised too.

use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

/// An id: one of a small pool, or an awkward one.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum IdB {
    /// The `n % 6`-th id of the pool.
    Pool(u8),
    /// An awkward id: empty, integer-like, with pointer escapes, non-ASCII, long.
    Odd(u8),
}

const ODD_IDS: &[&str] = &["", "0", "2", "10", "007", "a/b", "~1", "é漢", " ", "4294967296", "-1"];

impl IdB {
    fn text(self, kind: &str) -> String {
        match self {
            IdB::Pool(n) => format!("{kind}{}", n % 6),
            IdB::Odd(n) if n == 255 => "x".repeat(300),
            IdB::Odd(n) => ODD_IDS[n as usize % ODD_IDS.len()].to_string(),
        }
    }

    fn json(self, kind: &str) -> Value {
        Value::String(self.text(kind))
    }
}

/// A number: mostly ordinary amounts, sometimes the extremes of a 96-bit decimal.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum NumB {
    /// Cents, as a string with two decimals.
    Cents(i32),
    /// A small integer, as a JSON number.
    Int(i16),
    /// A mantissa and a scale (0 to 30), as a string.
    Scaled(i64, u8),
    /// One of the awkward values, as a string.
    Edge(u8),
    /// A wide mantissa (up to 2^96 and past it), as a JSON number.
    Wide(u128, u8),
}

const EDGE_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "100",
    "0.5",
    "0.0000000000000000000000000001",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "7922816251426433759354395033.5",
    "33.33333333333333333333333333",
    "1e3",
    "1E-28",
    "2.5e27",
    "99.995",
    "0.005",
    "1000000000000",
    "abc",
    "",
];

impl NumB {
    fn json(self) -> Value {
        match self {
            NumB::Cents(c) => {
                let sign = if c < 0 { "-" } else { "" };
                let a = c.unsigned_abs();
                json!(format!("{sign}{}.{:02}", a / 100, a % 100))
            }
            NumB::Int(i) => json!(i),
            NumB::Scaled(m, s) => json!(scaled(m as i128, s % 31)),
            NumB::Edge(n) => json!(EDGE_NUMBERS[n as usize % EDGE_NUMBERS.len()]),
            NumB::Wide(m, s) => {
                let text = scaled((m >> (m.leading_zeros().min(30))) as i128 & i128::MAX, s % 31);
                serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text))
            }
        }
    }
}

fn scaled(m: i128, scale: u8) -> String {
    let digits = m.unsigned_abs().to_string();
    let sign = if m < 0 { "-" } else { "" };
    let scale = scale as usize;
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

/// A percent: mostly 0 to 100, sometimes any number.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum RateB {
    /// Hundredths of a percent, 0 to 100.00.
    Usual(u16),
    /// Any number.
    Any(NumB),
}

impl RateB {
    fn json(self) -> Value {
        match self {
            RateB::Usual(n) => {
                let n = n % 10_001;
                json!(format!("{}.{:02}", n / 100, n % 100))
            }
            RateB::Any(n) => n.json(),
        }
    }
}

/// A date: mostly in 2026, sometimes at the edges of the supported range or invalid.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum DateB {
    /// Month (1 to 12) and day (1 to 28) of 2025 to 2027.
    Day(u8, u8, u8),
    /// An awkward date.
    Odd(u8),
}

const ODD_DATES: &[&str] = &[
    "2026-02-29",
    "2024-02-29",
    "2026-12-31",
    "1000-01-01",
    "9998-12-31",
    "9999-12-31",
    "2026-1-1",
    "2026-02-30",
    "",
    "2026-13-01",
];

impl DateB {
    fn json(self) -> Value {
        match self {
            DateB::Day(y, m, d) => json!(format!("{}-{:02}-{:02}", 2025 + (y % 3) as u32, 1 + m % 12, 1 + d % 28)),
            DateB::Odd(n) => json!(ODD_DATES[n as usize % ODD_DATES.len()]),
        }
    }
}

/// One of a fixed set of words (an enum's variants), or a wrong one.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct WordB(pub u8);

impl WordB {
    fn pick(self, words: &[&str]) -> Value {
        // One in 32 is not a valid variant.
        if self.0 % 32 == 31 {
            return json!("bogus");
        }
        json!(words[self.0 as usize % words.len()])
    }
}

/// Inserts `key: value` when `value` is given.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

fn ids(list: &[IdB], kind: &str) -> Value {
    Value::Array(list.iter().take(4).map(|i| i.json(kind)).collect())
}

/// The plan document.
#[derive(Arbitrary, Debug)]
pub struct PlanB {
    currency: CurrencyB,
    rounding: Option<(WordB, Option<u8>, bool)>,
    plans: Vec<PlanItemB>,
    assignments: Vec<(IdB, IdB, Option<DateB>, Option<DateB>)>,
    groups: Vec<(IdB, Option<IdB>)>,
    levels: Vec<LevelB>,
    activations: Option<Vec<IdB>>,
}

/// A currency code.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct CurrencyB(u8);

const CURRENCIES: &[&str] = &["USD", "EUR", "JPY", "BHD", "CLF", "GBP", "XXX", "usd", "ZZZ"];

impl CurrencyB {
    fn json(self) -> Value {
        // Mostly USD, so that invoices without a currency and fx rates line up.
        if self.0 < 160 {
            json!("USD")
        } else {
            json!(CURRENCIES[self.0 as usize % CURRENCIES.len()])
        }
    }
}

#[derive(Arbitrary, Debug)]
struct PlanItemB {
    id: IdB,
    status: Option<WordB>,
    valid: (Option<DateB>, Option<DateB>),
    earn_on: Option<WordB>,
    base: Option<WordB>,
    applies_to: Option<(Vec<IdB>, Vec<IdB>, Vec<IdB>)>,
    recurrence: Option<(WordB, Option<u16>)>,
    requires_activation: Option<IdB>,
    rules: Vec<RuleB>,
    overrides: Vec<(u8, RateB, Option<WordB>)>,
    compress: bool,
}

#[derive(Arbitrary, Debug)]
struct RuleB {
    id: IdB,
    when: Option<WhenB>,
    rate: RateKindB,
    stack: bool,
    cap: Option<LimitB>,
    floor: Option<LimitB>,
}

#[derive(Arbitrary, Debug)]
struct WhenB {
    products: Vec<IdB>,
    categories: Vec<IdB>,
    customers: Vec<IdB>,
    customer_classes: Vec<IdB>,
    roles: Vec<IdB>,
    first_order: Option<bool>,
    kinds: Vec<WordB>,
}

#[derive(Arbitrary, Debug)]
enum RateKindB {
    Percent(RateB),
    PerUnit(NumB),
    Fixed(NumB),
    Ladder(LadderB),
    Both(RateB, NumB),
    None,
}

#[derive(Arbitrary, Debug)]
struct LadderB {
    measure: Option<WordB>,
    scope: Option<WordB>,
    period: Option<WordB>,
    mode: Option<WordB>,
    quota: Option<NumB>,
    tiers: Vec<TierB>,
}

#[derive(Arbitrary, Debug)]
struct TierB {
    from: TierFromB,
    pay: RateKindTierB,
    bonus: Option<NumB>,
}

#[derive(Arbitrary, Debug)]
enum TierFromB {
    /// A step above the previous tier (in whole units), which keeps tiers increasing.
    Step(u16),
    Attainment(u16),
    Any(NumB),
    Missing,
}

#[derive(Arbitrary, Debug)]
enum RateKindTierB {
    Percent(RateB),
    PerUnit(NumB),
}

#[derive(Arbitrary, Debug)]
struct LimitB {
    amount: NumB,
    per: Option<WordB>,
    period: Option<WordB>,
}

#[derive(Arbitrary, Debug)]
struct LevelB {
    id: IdB,
    rank: u8,
    plan: Option<IdB>,
    requires: Option<(Option<NumB>, Option<NumB>, Option<u8>, Option<u8>, Option<IdB>)>,
    window: Option<(Option<u16>, Option<u16>)>,
    bonus_percent: Option<RateB>,
    discount_percent: Option<RateB>,
    override_generations: Option<u8>,
}

const PERIODS: &[&str] = &["month", "quarter", "year"];
const KINDS: &[&str] = &["product", "service", "shipping", "fee", "tax", "discount"];

impl LimitB {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("amount".into(), self.amount.json());
        put(&mut m, "per", self.per.map(|w| w.pick(&["invoice", "period"])));
        put(&mut m, "period", self.period.map(|w| w.pick(PERIODS)));
        Value::Object(m)
    }
}

impl LadderB {
    fn json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "measure", self.measure.map(|w| w.pick(&["amount", "quantity"])));
        put(
            &mut m,
            "scope",
            self.scope
                .map(|w| w.pick(&["period", "invoice", "line", "product", "category"])),
        );
        put(&mut m, "period", self.period.map(|w| w.pick(PERIODS)));
        put(&mut m, "mode", self.mode.map(|w| w.pick(&["graduated", "retroactive"])));
        put(&mut m, "quota", self.quota.map(NumB::json));
        let mut at = 0u64;
        let tiers = self
            .tiers
            .iter()
            .take(6)
            .enumerate()
            .map(|(i, t)| {
                let mut tm = Map::new();
                match t.from {
                    TierFromB::Step(s) => {
                        if i > 0 {
                            at += 1 + s as u64;
                        }
                        tm.insert("from".into(), json!(at.to_string()));
                    }
                    TierFromB::Attainment(a) => {
                        tm.insert("from_attainment".into(), json!(a.to_string()));
                    }
                    TierFromB::Any(n) => {
                        tm.insert("from".into(), n.json());
                    }
                    TierFromB::Missing => {}
                }
                match t.pay {
                    RateKindTierB::Percent(r) => tm.insert("percent".into(), r.json()),
                    RateKindTierB::PerUnit(n) => tm.insert("per_unit".into(), n.json()),
                };
                put(&mut tm, "bonus", t.bonus.map(NumB::json));
                Value::Object(tm)
            })
            .collect();
        m.insert("tiers".into(), Value::Array(tiers));
        Value::Object(m)
    }
}

impl RuleB {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), self.id.json("r"));
        if let Some(w) = &self.when {
            let mut wm = Map::new();
            for (key, list, kind) in [
                ("products", &w.products, "p"),
                ("categories", &w.categories, "c"),
                ("customers", &w.customers, "cu"),
                ("customer_classes", &w.customer_classes, "k"),
                ("roles", &w.roles, "role"),
            ] {
                if !list.is_empty() {
                    wm.insert(key.into(), ids(list, kind));
                }
            }
            put(&mut wm, "first_order", w.first_order.map(Value::Bool));
            if !w.kinds.is_empty() {
                wm.insert("kinds".into(), w.kinds.iter().take(3).map(|k| k.pick(KINDS)).collect());
            }
            m.insert("when".into(), Value::Object(wm));
        }
        match &self.rate {
            RateKindB::Percent(r) => put(&mut m, "percent", Some(r.json())),
            RateKindB::PerUnit(n) => put(&mut m, "per_unit", Some(n.json())),
            RateKindB::Fixed(n) => put(&mut m, "fixed", Some(n.json())),
            RateKindB::Ladder(l) => put(&mut m, "ladder", Some(l.json())),
            RateKindB::Both(r, n) => {
                put(&mut m, "percent", Some(r.json()));
                put(&mut m, "fixed", Some(n.json()));
            }
            RateKindB::None => {}
        }
        if self.stack {
            m.insert("stack".into(), json!(true));
        }
        put(&mut m, "cap", self.cap.as_ref().map(LimitB::json));
        put(&mut m, "floor", self.floor.as_ref().map(LimitB::json));
        Value::Object(m)
    }
}

impl PlanItemB {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), self.id.json("plan"));
        put(
            &mut m,
            "status",
            self.status
                .map(|w| w.pick(&["active", "active", "draft", "completed", "cancelled", "rejected"])),
        );
        put(&mut m, "valid_from", self.valid.0.map(DateB::json));
        put(&mut m, "valid_thru", self.valid.1.map(DateB::json));
        put(
            &mut m,
            "earn_on",
            self.earn_on.map(|w| w.pick(&["invoice", "payment", "paid"])),
        );
        put(&mut m, "base", self.base.map(|w| w.pick(&["net", "gross", "margin"])));
        if let Some((roles, customers, classes)) = &self.applies_to {
            m.insert(
                "applies_to".into(),
                json!({ "roles": ids(roles, "role"), "customers": ids(customers, "cu"), "customer_classes": ids(classes, "k") }),
            );
        }
        if let Some((w, months)) = self.recurrence {
            m.insert("recurrence".into(), w.pick(&["one_time", "recurring"]));
            put(&mut m, "recurring_months", months.map(|n| json!(n % 1300)));
        }
        put(
            &mut m,
            "requires_activation",
            self.requires_activation.map(|i| i.json("stage")),
        );
        m.insert("rules".into(), self.rules.iter().take(5).map(RuleB::json).collect());
        if !self.overrides.is_empty() {
            let list = self
                .overrides
                .iter()
                .take(4)
                .map(|(g, r, of)| {
                    let mut o = Map::new();
                    o.insert("generation".into(), json!(g % 5));
                    o.insert("percent".into(), r.json());
                    put(&mut o, "of", of.map(|w| w.pick(&["commission", "base"])));
                    Value::Object(o)
                })
                .collect();
            m.insert("overrides".into(), Value::Array(list));
        }
        if self.compress {
            m.insert("compress".into(), json!(true));
        }
        Value::Object(m)
    }
}

impl LevelB {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), self.id.json("lvl"));
        m.insert("rank".into(), json!(self.rank % 8));
        put(&mut m, "plan", self.plan.map(|i| i.json("plan")));
        if let Some((sales, group, customers, recruits, activation)) = &self.requires {
            let mut r = Map::new();
            put(&mut r, "sales", sales.map(NumB::json));
            put(&mut r, "group_sales", group.map(NumB::json));
            put(&mut r, "customers", customers.map(|n| json!(n % 5)));
            put(&mut r, "recruits", recruits.map(|n| json!(n % 4)));
            put(&mut r, "activation", activation.map(|i| i.json("stage")));
            m.insert("requires".into(), Value::Object(r));
        }
        if let Some((months, days)) = self.window {
            let mut w = Map::new();
            put(&mut w, "months", months.map(|n| json!(n % 1300)));
            put(&mut w, "days", days.map(|n| json!(n)));
            m.insert("window".into(), Value::Object(w));
        }
        put(&mut m, "bonus_percent", self.bonus_percent.map(RateB::json));
        put(&mut m, "discount_percent", self.discount_percent.map(RateB::json));
        put(
            &mut m,
            "override_generations",
            self.override_generations.map(|n| json!(n % 6)),
        );
        Value::Object(m)
    }
}

impl PlanB {
    /// The plan document as JSON.
    pub fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("currency".into(), self.currency.json());
        if let Some((mode, scale, total)) = self.rounding {
            let mut r = Map::new();
            r.insert(
                "mode".into(),
                mode.pick(&["half_up", "half_even", "down", "up", "floor", "ceiling"]),
            );
            put(&mut r, "scale", scale.map(|s| json!(s % 30)));
            if total {
                r.insert("at".into(), json!("total"));
            }
            m.insert("rounding".into(), Value::Object(r));
        }
        m.insert("plans".into(), self.plans.iter().take(4).map(PlanItemB::json).collect());
        let assignments: Vec<Value> = self
            .assignments
            .iter()
            .take(8)
            .map(|(a, p, from, thru)| {
                let mut o = Map::new();
                o.insert("agent".into(), a.json("a"));
                o.insert("plan".into(), p.json("plan"));
                put(&mut o, "from", from.map(DateB::json));
                put(&mut o, "thru", thru.map(DateB::json));
                Value::Object(o)
            })
            .collect();
        m.insert("assignments".into(), Value::Array(assignments));
        if !self.groups.is_empty() {
            let groups = self
                .groups
                .iter()
                .take(3)
                .map(|(g, p)| {
                    let mut o = Map::new();
                    o.insert("id".into(), g.json("g"));
                    put(&mut o, "plan", p.map(|p| p.json("plan")));
                    Value::Object(o)
                })
                .collect();
            m.insert("groups".into(), Value::Array(groups));
        }
        if !self.levels.is_empty() {
            m.insert("levels".into(), self.levels.iter().take(4).map(LevelB::json).collect());
        }
        if let Some(a) = &self.activations {
            m.insert("activations".into(), ids(a, "stage"));
        }
        Value::Object(m)
    }
}

/// The sales document.
#[derive(Arbitrary, Debug)]
pub struct SalesB {
    as_of: Option<DateB>,
    agents: Vec<AgentB>,
    customers: Vec<CustomerB>,
    categories: Vec<(IdB, Option<IdB>)>,
    /// The invoices.
    pub invoices: Vec<InvoiceB>,
    fx: Vec<(CurrencyB, DateB, NumB)>,
}

#[derive(Arbitrary, Debug)]
struct AgentB {
    id: IdB,
    upline: Option<IdB>,
    level: Option<IdB>,
    groups: Vec<IdB>,
    activation: Option<IdB>,
}

#[derive(Arbitrary, Debug)]
struct CustomerB {
    id: IdB,
    class: Option<IdB>,
    first_order_date: Option<DateB>,
    agents: Vec<(IdB, Option<IdB>, Option<IdB>, Option<RateB>, Option<DateB>, Option<DateB>)>,
}

/// An invoice or a credit note.
#[derive(Arbitrary, Debug)]
pub struct InvoiceB {
    id: IdB,
    date: DateB,
    customer: Option<IdB>,
    currency: Option<CurrencyB>,
    credit_note: Option<IdB>,
    order: Option<IdB>,
    subscription: Option<IdB>,
    agents: Option<Vec<(IdB, Option<IdB>, Option<RateB>, Option<IdB>, Option<DateB>)>>,
    lines: Vec<LineB>,
    /// How many times the first line is repeated (0 to 63), for larger invoices.
    repeat: u8,
    payments: Vec<(DateB, NumB)>,
}

#[derive(Arbitrary, Debug)]
struct LineB {
    product: Option<IdB>,
    category: Option<IdB>,
    kind: Option<WordB>,
    quantity: Option<NumB>,
    unit_price: NumB,
    discount_percent: Option<RateB>,
    unit_cost: Option<NumB>,
    tax: Option<NumB>,
}

impl LineB {
    fn json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "product", self.product.map(|i| i.json("p")));
        put(&mut m, "category", self.category.map(|i| i.json("c")));
        put(&mut m, "kind", self.kind.map(|w| w.pick(KINDS)));
        put(&mut m, "quantity", self.quantity.map(NumB::json));
        m.insert("unit_price".into(), self.unit_price.json());
        put(&mut m, "discount_percent", self.discount_percent.map(RateB::json));
        put(&mut m, "unit_cost", self.unit_cost.map(NumB::json));
        put(&mut m, "tax", self.tax.map(NumB::json));
        Value::Object(m)
    }
}

impl InvoiceB {
    /// The invoice as JSON.
    pub fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), self.id.json("inv"));
        m.insert("date".into(), self.date.json());
        put(&mut m, "customer", self.customer.map(|i| i.json("cu")));
        put(&mut m, "currency", self.currency.map(CurrencyB::json));
        if let Some(refunds) = self.credit_note {
            m.insert("kind".into(), json!("credit_note"));
            m.insert("refunds".into(), refunds.json("inv"));
        }
        put(&mut m, "order", self.order.map(|i| i.json("o")));
        put(&mut m, "subscription", self.subscription.map(|i| i.json("s")));
        if let Some(agents) = &self.agents {
            let list = agents
                .iter()
                .take(4)
                .map(|(id, role, share, plan, from)| {
                    let mut o = Map::new();
                    o.insert("id".into(), id.json("a"));
                    put(&mut o, "role", role.map(|i| i.json("role")));
                    put(&mut o, "share", share.map(RateB::json));
                    put(&mut o, "plan", plan.map(|i| i.json("plan")));
                    put(&mut o, "from", from.map(DateB::json));
                    Value::Object(o)
                })
                .collect();
            m.insert("agents".into(), Value::Array(list));
        }
        let mut lines: Vec<Value> = self.lines.iter().take(8).map(LineB::json).collect();
        if let Some(first) = lines.first().cloned() {
            lines.extend(std::iter::repeat_n(first, (self.repeat % 64) as usize));
        }
        m.insert("lines".into(), Value::Array(lines));
        if !self.payments.is_empty() {
            let list = self
                .payments
                .iter()
                .take(4)
                .map(|(d, a)| json!({ "date": d.json(), "amount": a.json() }))
                .collect();
            m.insert("payments".into(), Value::Array(list));
        }
        Value::Object(m)
    }
}

impl SalesB {
    /// The sales document as JSON.
    pub fn json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "as_of", self.as_of.map(DateB::json));
        let agents = self
            .agents
            .iter()
            .take(8)
            .map(|a| {
                let mut o = Map::new();
                o.insert("id".into(), a.id.json("a"));
                put(&mut o, "upline", a.upline.map(|i| i.json("a")));
                put(&mut o, "level", a.level.map(|i| i.json("lvl")));
                if !a.groups.is_empty() {
                    o.insert("groups".into(), ids(&a.groups, "g"));
                }
                put(&mut o, "activation", a.activation.map(|i| i.json("stage")));
                Value::Object(o)
            })
            .collect();
        m.insert("agents".into(), Value::Array(agents));
        let customers = self
            .customers
            .iter()
            .take(4)
            .map(|c| {
                let mut o = Map::new();
                o.insert("id".into(), c.id.json("cu"));
                put(&mut o, "class", c.class.map(|i| i.json("k")));
                put(&mut o, "first_order_date", c.first_order_date.map(DateB::json));
                if !c.agents.is_empty() {
                    let list = c
                        .agents
                        .iter()
                        .take(3)
                        .map(|(id, role, plan, share, from, thru)| {
                            let mut a = Map::new();
                            a.insert("id".into(), id.json("a"));
                            put(&mut a, "role", role.map(|i| i.json("role")));
                            put(&mut a, "plan", plan.map(|i| i.json("plan")));
                            put(&mut a, "share", share.map(RateB::json));
                            put(&mut a, "from", from.map(DateB::json));
                            put(&mut a, "thru", thru.map(DateB::json));
                            Value::Object(a)
                        })
                        .collect();
                    o.insert("agents".into(), Value::Array(list));
                }
                Value::Object(o)
            })
            .collect();
        m.insert("customers".into(), Value::Array(customers));
        if !self.categories.is_empty() {
            let list = self
                .categories
                .iter()
                .take(4)
                .map(|(id, parent)| {
                    let mut o = Map::new();
                    o.insert("id".into(), id.json("c"));
                    put(&mut o, "parent", parent.map(|i| i.json("c")));
                    Value::Object(o)
                })
                .collect();
            m.insert("categories".into(), Value::Array(list));
        }
        m.insert("invoices".into(), self.invoices.iter().take(12).map(InvoiceB::json).collect());
        if !self.fx.is_empty() {
            let list = self
                .fx
                .iter()
                .take(4)
                .map(|(c, d, r)| json!({ "currency": c.json(), "date": d.json(), "rate": r.json() }))
                .collect();
            m.insert("fx".into(), Value::Array(list));
        }
        Value::Object(m)
    }
}

/// The options.
#[derive(Arbitrary, Debug)]
pub struct OptionsB {
    from: Option<DateB>,
    thru: Option<DateB>,
    agents: Vec<IdB>,
    statements: Option<WordB>,
    explain: Option<bool>,
    /// Hypothetical invoices.
    pub what_if: Vec<InvoiceB>,
}

impl OptionsB {
    /// The options as JSON (`what_if` left out when `with_what_if` is false).
    pub fn json(&self, with_what_if: bool) -> Value {
        let mut m = Map::new();
        put(&mut m, "from", self.from.map(DateB::json));
        put(&mut m, "thru", self.thru.map(DateB::json));
        if !self.agents.is_empty() {
            m.insert("agents".into(), ids(&self.agents, "a"));
        }
        put(
            &mut m,
            "statements",
            self.statements.map(|w| w.pick(&["week", "month", "quarter", "year"])),
        );
        put(&mut m, "explain", self.explain.map(Value::Bool));
        if with_what_if && !self.what_if.is_empty() {
            m.insert("what_if".into(), self.what_if.iter().take(4).map(InvoiceB::json).collect());
        }
        Value::Object(m)
    }
}

/// A curve request.
#[derive(Arbitrary, Debug)]
pub struct CurveB {
    agent: IdB,
    from: NumB,
    to: NumB,
    steps: Option<u16>,
    template: InvoiceB,
}

impl CurveB {
    /// The curve request as JSON.
    pub fn json(&self) -> Value {
        let mut add = Map::new();
        add.insert("from".into(), self.from.json());
        add.insert("to".into(), self.to.json());
        // Mostly small step counts (a curve is one calculation per candidate point).
        put(
            &mut add,
            "steps",
            self.steps.map(|s| json!(if s > 60_000 { s as u32 } else { s as u32 % 40 })),
        );
        let mut template = self.template.json();
        if let Value::Object(t) = &mut template {
            // A template without agents is credited to the curve's agent.
            if t.get("agents").is_some_and(|a| a.as_array().is_some_and(|a| a.len() > 1)) {
                t.remove("agents");
            }
        }
        json!({ "agent": self.agent.json("a"), "add": Value::Object(add), "template": template })
    }
}

/// A whole scenario: the documents of every call.
#[derive(Arbitrary, Debug)]
pub struct ScenarioB {
    /// The plan.
    pub plan: PlanB,
    /// The sales.
    pub sales: SalesB,
    /// The options.
    pub options: OptionsB,
    /// A curve request.
    pub curve: CurveB,
}
