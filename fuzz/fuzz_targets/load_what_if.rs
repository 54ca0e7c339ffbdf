//! Fuzz target `load_what_if`: see `commission_engine_fuzz::targets::load_what_if`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| commission_engine_fuzz::targets::load_what_if(data));
