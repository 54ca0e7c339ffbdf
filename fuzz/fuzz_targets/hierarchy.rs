//! Fuzz target `hierarchy`: see `commission_engine_fuzz::targets::hierarchy`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| commission_engine_fuzz::targets::hierarchy(data));
