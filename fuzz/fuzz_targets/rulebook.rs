//! libFuzzer's entry to `eig_fuzz::targets::rulebook` (its documentation says what it checks).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| eig_fuzz::targets::rulebook::run(data));
