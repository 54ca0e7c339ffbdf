//! The calculation: a compiled plan applied to a sales document.

use crate::error::EngineError;
use crate::model::{CalcResult, Options, PlanDoc, SalesDoc};

/// A plan checked and compiled once, then applied to many sales documents.
#[derive(Clone, Debug)]
pub struct Engine {
    plan: PlanDoc,
}

impl Engine {
    /// Checks the plan document and compiles it.
    pub fn new(plan: PlanDoc) -> Result<Engine, EngineError> {
        Ok(Engine { plan })
    }

    /// The plan document.
    pub fn plan(&self) -> &PlanDoc {
        &self.plan
    }

    /// Calculates the result for a sales document.
    pub fn calculate(&self, _sales: &SalesDoc, _options: &Options) -> Result<CalcResult, EngineError> {
        Ok(CalcResult { currency: self.plan.currency.clone(), ..CalcResult::default() })
    }
}

impl Engine {
    /// Checks a sales document against the plan (references, shapes) without calculating.
    pub fn check_sales(&self, _sales: &SalesDoc) -> Result<(), EngineError> {
        Ok(())
    }
}
