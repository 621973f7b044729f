//! The standard allocator, with every freed block wiped first.
//!
//! Passwords, new passwords and device secrets cross into wasm memory as strings; the core wipes
//! the values it owns (`zeroize`), but copies made along the way (a `String` that grew, a
//! decoder's buffer) would otherwise stay in freed memory until reused. Wiping on `dealloc` makes
//! "no copy of a password stays in the module's memory" hold for every copy, which
//! tests/js/secrets.test.mjs checks. `realloc` keeps `GlobalAlloc`'s default (allocate, copy,
//! `dealloc`), so a moved block is wiped too.
//!
//! It also keeps the end of the highest block it ever handed out: after a trap, pkg-template's
//! recovery wipes the crashed instance's memory up to there and no further (pages above were
//! never written by the program, and wiping them would commit them: up to 4 GiB).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct WipingAlloc;

/// The end of the highest block ever handed out.
static HIGH_WATER: AtomicUsize = AtomicUsize::new(0);

/// The end of the highest block the allocator ever handed out: nothing it gave the program lies
/// above it.
pub fn high_water() -> usize {
    HIGH_WATER.load(Ordering::Relaxed)
}

fn record(ptr: *mut u8, layout: Layout) -> *mut u8 {
    if !ptr.is_null() {
        HIGH_WATER.fetch_max(
            (ptr as usize).saturating_add(layout.size()),
            Ordering::Relaxed,
        );
    }
    ptr
}

// SAFETY: every method forwards to `System` with the caller's own layout; `dealloc` only writes
// zeros into the block it is handed, which the caller owns until the call returns.
unsafe impl GlobalAlloc for WipingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        record(unsafe { System.alloc(layout) }, layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        record(unsafe { System.alloc_zeroed(layout) }, layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is valid for `layout.size()` bytes until it is freed below; volatile
        // writes (zeroize) are not elided.
        unsafe {
            zeroize::Zeroize::zeroize(core::slice::from_raw_parts_mut(ptr, layout.size()));
            System.dealloc(ptr, layout);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_round_trips_through_the_wiping_allocator() {
        let layout = Layout::from_size_align(64, 8).unwrap();
        // SAFETY: a fresh block of `layout`, written within bounds and freed once.
        unsafe {
            let ptr = WipingAlloc.alloc(layout);
            assert!(!ptr.is_null());
            ptr.write_bytes(0xa5, 64);
            assert_eq!(*ptr.add(63), 0xa5);
            WipingAlloc.dealloc(ptr, layout);
        }
    }

    #[test]
    fn the_high_water_mark_covers_every_block_handed_out() {
        let layout = Layout::from_size_align(4096, 8).unwrap();
        // SAFETY: a fresh block of `layout`, freed once.
        unsafe {
            let ptr = WipingAlloc.alloc(layout);
            assert!(!ptr.is_null());
            assert!(high_water() >= ptr as usize + 4096);
            WipingAlloc.dealloc(ptr, layout);
        }
    }
}
