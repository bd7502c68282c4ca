//! The panel's browser tests (wasm-bindgen-test in headless Chromium and Firefox, run by
//! `cargo xtask test`). They live in the library rather than in `tests/` because the crate
//! is a cdylib only: an `rlib` beside it would turn the release build's LTO off
//! (Cargo.toml, `[lib]`).

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod decode;
mod panel;
