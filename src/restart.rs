//! Recovery after a trap (pkg-template/recovery.js): not part of the package's API.
//!
//! Calling `schedule_reinit` anywhere makes wasm-bindgen emit its reset machinery into the glue:
//! each export call first replaces a scheduled instance with a fresh one from the same module,
//! and objects and closures carry their instance's id.

use wasm_bindgen::prelude::*;

/// Schedules a fresh instance before the next call into the module, and returns the end of the
/// highest block the allocator ever handed out: the part of this instance's memory to wipe.
#[wasm_bindgen(js_name = "__restart")]
pub fn restart() -> usize {
    wasm_bindgen::handler::schedule_reinit();
    crate::wiping_alloc::high_water()
}

/// The current instance's memory (after a restart, the new one's).
#[wasm_bindgen(js_name = "__memory")]
pub fn memory() -> JsValue {
    wasm_bindgen::memory()
}
