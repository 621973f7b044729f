//! Running a task when the event loop is idle: `requestIdleCallback` where the platform has it
//! (pages), `setTimeout(…, 0)` elsewhere (Workers, Node). Either way, never in the caller's turn.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &JsValue, delay_ms: i32) -> JsValue;
}

/// Schedules `task` once. If neither scheduler can be called, the task is dropped: the work it
/// would have done ahead of time is then done when it is needed.
pub(super) fn when_idle(task: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(task);
    let global = js_sys::global();
    let idle = Reflect::get(&global, &"requestIdleCallback".into())
        .ok()
        .and_then(|value| value.dyn_into::<Function>().ok());
    match idle {
        Some(request_idle_callback) => {
            let _ = request_idle_callback.call1(&global, &callback);
        }
        None => {
            let _ = set_timeout(&callback, 0);
        }
    }
}
