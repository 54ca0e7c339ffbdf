//! Fuzz target `what_if`: see `commission_engine_fuzz::targets::what_if`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| commission_engine_fuzz::targets::what_if(data));
