//! Fuzz target `calculate`: see `commission_engine_fuzz::targets::calculate`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| commission_engine_fuzz::targets::calculate(data));
