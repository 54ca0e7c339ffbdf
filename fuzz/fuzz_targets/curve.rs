//! Fuzz target `curve`: see `commission_engine_fuzz::targets::curve`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| commission_engine_fuzz::targets::curve(data));
