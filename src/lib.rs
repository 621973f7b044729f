//! Amazon Cognito user-pool sign-in for web apps, compiled to WebAssembly.
//!
//! The pure core lives in the workspace's crates (`crates/cognito-srp`: the SRP maths;
//! `crates/cognito-core`: protocol, flow, client), re-exported here; this crate is the thin
//! surface to JavaScript (`js`, wasm32 only: JSON text in and out), under the package's
//! JavaScript (`pkg-template/api.js`), which does the I/O.
//! docs/ARCHITECTURE.md is the map.
//!
//! The package's build (wasm32, `--features package`) is `no_std`: without std's panic machinery
//! (a panic traps, see `panic` below) and its formatting, which only served messages nobody
//! sees. Every build uses `core` and `alloc` paths.

#![cfg_attr(all(target_arch = "wasm32", feature = "package", not(test)), no_std)]
// Data from JavaScript and from the network reaches every layer: nothing outside tests may
// unwrap, expect or index its way into a panic (a panic in wasm kills the module for the page).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

extern crate alloc;

pub use cognito_core::{client, config, error, flow, protocol, srp};

// The package's ABI (`--features package`, scripts/dev.sh build): left out of the wasm32 test
// builds, whose runner cannot supply its `env` import.
#[cfg(all(target_arch = "wasm32", feature = "package"))]
pub mod js;
// The allocator of every wasm32 build; its logic also runs natively in its tests.
#[cfg(any(target_arch = "wasm32", test))]
mod heap;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: heap::Allocator = heap::Allocator::new();

/// A panic (none is reachable: see the lints above) traps, like std's under `panic = "abort"`
/// in wasm, without formatting a message first.
#[cfg(all(target_arch = "wasm32", feature = "package", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
