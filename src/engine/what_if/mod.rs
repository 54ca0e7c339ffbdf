//! What-if questions on a loaded sales history: which part of the history a hypothetical
//! invoice can change ([`scope`]), the answer computed on that part only ([`loaded`]), the
//! `what_if` report itself ([`report`]), and the earnings curve ([`curve`]). The documents they answer with are in
//! [`crate::model::what_if`] and [`crate::model::curve`].

pub mod curve;
pub mod loaded;
pub mod report;
pub mod scope;

pub use loaded::Loaded;
