//! The calculation: a compiled plan applied to a sales document.
//!
//! The pipeline, one module a step ([`compute`]): [`context`] prepares and checks the sales
//! data; [`attribution`] finds who is credited on each invoice and under which plan; [`earn`]
//! prices each item ([`credit_notes`] makes an invoice and its refunds one set of items) by the
//! plan's rules ([`matching`]) on its [`base`] and spreads it over the invoice's timeline;
//! [`ladder::period`] settles period-scope ladders in date order (every ladder is in
//! [`ladder`]); [`caps`] applies caps and floors; [`levels`] measures and qualifies partners and
//! pays level bonuses; [`overrides`] pays uplines on what their downline earns; [`holdbacks`]
//! withholds parts of commissions until invoices are paid; [`draws`] tops periods up to a
//! guaranteed amount and recovers it later; [`assemble`]
//! rounds ([`rounding`]), filters ([`filter`]) and totals the [`lines`]; [`ladder::report`]
//! says where each agent stands. [`hierarchy`] reports a whole team; [`what_if`] answers
//! what-if and curve questions on a loaded history; [`compare`] sets two plans side by side.

pub mod arith;
pub mod assemble;
pub mod attribution;
pub mod base;
pub mod budget;
pub mod caps;
pub mod compare;
pub mod compile;
pub mod context;
pub mod credit_notes;
pub mod draws;
pub mod earn;
pub mod explain;
pub mod filter;
pub mod hierarchy;
pub mod holdbacks;
pub mod ladder;
pub mod levels;
pub mod lines;
pub mod matching;
pub mod overrides;
pub mod period;
pub mod rounding;
pub mod unmatched;
pub mod what_if;

use crate::error::{EngineError, ErrorCode};
use crate::model::result::{CalcResult, Warning};
use crate::model::{Options, PlanDoc, SalesDoc};
use compile::CompiledPlan;
use context::Context;
use lines::Writer;

/// A plan checked and compiled once, then applied to many sales documents.
#[derive(Clone, Debug)]
pub struct Engine {
    plan: CompiledPlan,
}

impl Engine {
    /// Checks the plan document and compiles it.
    pub fn new(plan: PlanDoc) -> Result<Engine, EngineError> {
        Ok(Engine {
            plan: compile::compile(plan)?,
        })
    }

    /// The compiled plan.
    pub fn plan(&self) -> &CompiledPlan {
        &self.plan
    }

    /// Checks a sales document against the plan (references, shapes) without calculating.
    pub fn check_sales(&self, sales: &SalesDoc) -> Result<(), EngineError> {
        Context::new(&self.plan, sales, &Options::default(), false).map(|_| ())
    }

    /// Checks and indexes a sales history once, to answer many what-if and curve questions
    /// on it, each computing only the part of the history it can change.
    pub fn load(&self, sales: SalesDoc) -> Result<what_if::Loaded, EngineError> {
        what_if::Loaded::new(self, sales)
    }

    /// Calculates `sales` under this plan (A) and under `other` (B) with the same options, and
    /// reports the difference per agent, per rule and per line.
    pub fn compare(
        &self,
        other: &Engine,
        sales: &SalesDoc,
        options: &Options,
    ) -> Result<crate::model::compare::Comparison, EngineError> {
        compare::compare(self, other, sales, options)
    }

    /// Calculates the result for a sales document. With `options.what_if`, the result includes
    /// the hypothetical invoices (their lines flagged) and `what_if` reports the difference.
    pub fn calculate(&self, sales: &SalesDoc, options: &Options) -> Result<CalcResult, EngineError> {
        if options.what_if.is_empty() {
            let ctx = prepare(&self.plan, sales, options, false)?;
            return compute(&ctx, options);
        }
        let before_ctx = prepare(&self.plan, sales, options, false)?;
        let before = compute(&before_ctx, options)?;
        let after_ctx = prepare(&self.plan, sales, options, true)?;
        let mut after = compute(&after_ctx, options)?;
        after.what_if = Some(what_if::report::what_if_report(
            what_if::report::Side {
                totals: &before.totals,
                ladders: &before.ladders,
                levels: &before.levels,
            },
            what_if::report::Side {
                totals: &after.totals,
                ladders: &after.ladders,
                levels: &after.levels,
            },
        ));
        Ok(after)
    }
}

/// Prepares the sales (and, `with_what_if`, the what-if invoices of `options`) for a
/// calculation: the context checked and indexed, then the level reviews run on it (plan
/// resolution by level and override generations follow the levels they set).
pub fn prepare<'a>(
    plan: &'a CompiledPlan,
    sales: &'a SalesDoc,
    options: &'a Options,
    with_what_if: bool,
) -> Result<Context<'a>, EngineError> {
    let mut ctx = Context::new(plan, sales, options, with_what_if)?;
    ctx.reviews = levels::reviews::review(&ctx)?;
    // The hierarchy that pays overrides changes the day after each review.
    let after = ctx.reviews.periods.iter().filter_map(|(_, d)| d.succ_opt());
    let after: Vec<_> = after.collect();
    ctx.dated.add_dates(after);
    Ok(ctx)
}

/// Computes the result for a prepared context.
pub fn compute(ctx: &Context, options: &Options) -> Result<CalcResult, EngineError> {
    let overflow = |invoice: usize| {
        EngineError::single(
            ErrorCode::Overflow,
            ctx.invoices[invoice].path(),
            "an amount of this invoice is too large to compute exactly (more than 28 significant digits)",
        )
    };
    let too_large = |what: &str| EngineError::single(ErrorCode::Overflow, "", format!("{what} is too large to compute exactly"));
    let (units, mut warnings) = attribution::units(ctx);
    let budget = budget::Budget::of(options);
    budget.check_estimate(ctx, &units)?;
    let mut writer = Writer::new(options.explain && options.lines, budget);
    let earned = earn::earn_all(ctx, &units, &mut writer).map_err(|(i, _)| overflow(i))?;
    if let Some(e) = EngineError::from_problems(earned.failures.clone()) {
        return Err(e);
    }
    warnings.extend(unmatched::report(ctx, &earned.unmatched)?);
    let period_states = ladder::period::settle(ctx, &units, earned.volume, &mut writer).map_err(|(i, _)| overflow(i))?;
    caps::apply(ctx, &mut writer).map_err(|_| EngineError::single(ErrorCode::Overflow, "", "a cap or floor sum is too large"))?;
    let levels = levels::Levels::evaluate(ctx)?;
    warnings.extend(overrides::lines(ctx, &levels, &mut writer).map_err(|_| too_large("an override"))?);
    levels.bonus_lines(ctx, &mut writer);
    warnings.extend(levels.warnings(ctx));
    holdbacks::lines(ctx, &mut writer).map_err(|_| too_large("a holdback"))?;
    draws::lines(ctx, &mut writer).map_err(|_| too_large("a draw"))?;
    if let Some((invoice, passed, reached)) = writer.passed() {
        return Err(budget.error(ctx, invoice, passed, reached));
    }
    let mut lines = writer.finish();
    let assembled = assemble::assemble(ctx, options, &mut lines, &budget).map_err(|e| match e {
        assemble::Failure::Overflow(Some(i)) => overflow(i),
        assemble::Failure::Overflow(None) => too_large("a total"),
        assemble::Failure::Budget(invoice, passed, reached) => budget.error(ctx, invoice, passed, reached),
    })?;
    let ladders = ladder::report::reports(ctx, options, &period_states, &earned.ladders);
    Ok(CalcResult {
        currency: ctx.plan.doc.currency.clone(),
        lines: assembled.lines,
        totals: assembled.totals,
        statements: assembled.statements,
        ladders,
        levels: levels.reports(ctx, options).map_err(|_| too_large("a level measure"))?,
        what_if: None,
        // Bounded like error messages: a long id is quoted by a short prefix.
        warnings: warnings
            .into_iter()
            .map(|w| Warning {
                message: crate::error::bounded(&w.message),
                ..w
            })
            .collect(),
    })
}
