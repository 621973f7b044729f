//! A request timeout: `setTimeout` that aborts an `AbortController` and rejects a race.
//!
//! Aborting the signal stops a cooperative `fetch`; racing every awaited promise against the
//! timer also ends the wait for a `fetch` (a caller-supplied one) that ignores the signal.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal};

use crate::error::Error;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, milliseconds: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// Fires once after a delay unless dropped first; dropping clears the timer.
pub(super) struct AbortTimer {
    controller: AbortController,
    fired: Rc<Cell<bool>>,
    /// Rejects when the timer fires; never settles otherwise.
    expired: Promise,
    handle: JsValue,
    // Kept alive until the timer is cleared: the timer calls into it.
    _on_timeout: Closure<dyn FnMut()>,
}

impl AbortTimer {
    pub(super) fn start(milliseconds: u32) -> Result<Self, Error> {
        let controller = AbortController::new()
            .map_err(|_| Error::Network("AbortController is not available".into()))?;
        let fired = Rc::new(Cell::new(false));
        let reject_slot: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let expired = {
            let reject_slot = Rc::clone(&reject_slot);
            Promise::new(&mut move |_resolve, reject| {
                *reject_slot.borrow_mut() = Some(reject);
            })
        };
        let on_timeout = {
            let controller = controller.clone();
            let fired = Rc::clone(&fired);
            Closure::<dyn FnMut()>::new(move || {
                fired.set(true);
                controller.abort();
                if let Some(reject) = reject_slot.borrow_mut().take() {
                    // Rejecting a pending promise cannot throw.
                    let _ = reject.call0(&JsValue::UNDEFINED);
                }
            })
        };
        // Config caps the timeout at i32::MAX, setTimeout's own limit.
        let delay = i32::try_from(milliseconds).unwrap_or(i32::MAX);
        let handle = set_timeout(on_timeout.as_ref().unchecked_ref(), delay);
        Ok(AbortTimer {
            controller,
            fired,
            expired,
            handle,
            _on_timeout: on_timeout,
        })
    }

    /// The signal to hand to `fetch`.
    pub(super) fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// `pending`, or a rejection once the timer fires, whichever comes first.
    pub(super) fn race(&self, pending: &Promise) -> Promise {
        Promise::race(&Array::of2(pending, &self.expired))
    }

    /// Whether the timeout elapsed (and aborted the request).
    pub(super) fn fired(&self) -> bool {
        self.fired.get()
    }
}

impl Drop for AbortTimer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}
