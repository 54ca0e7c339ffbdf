//! Fuzz target `validate`: see `commission_engine_fuzz::targets::validate`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| commission_engine_fuzz::targets::validate(data));
