//! The wasm module's allocator: the system allocator (dlmalloc, std's `System` on wasm32; the
//! `dlmalloc` crate itself in the no_std package build), with every block wiped when it is freed.
//!
//! Secrets pass through copies the code cannot wipe itself: the JSON text of a request body that
//! carries a password (`USER_PASSWORD_AUTH`, `NEW_PASSWORD_REQUIRED`) on its way out to
//! JavaScript, and buffers that grew and moved. Wiping at `dealloc` means nothing freed inside
//! the module's memory keeps them.

use core::alloc::{GlobalAlloc, Layout};

#[cfg(feature = "package")]
use dlmalloc::GlobalDlmalloc as System;
#[cfg(not(feature = "package"))]
use std::alloc::System;

use zeroize::Zeroize;

pub struct WipeOnFree;

// SAFETY: every call is forwarded to `System` with the caller's arguments; the only addition is
// wiping a block the caller is giving back, which the allocator handed out for `layout`.
unsafe impl GlobalAlloc for WipeOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated for `layout` and is still owned by the caller, so its
        // `layout.size()` bytes are valid for writes. Volatile writes (zeroize) are not elided.
        unsafe { core::slice::from_raw_parts_mut(ptr, layout.size()) }.zeroize();
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    // `realloc` is GlobalAlloc's default: a new block, a copy, and `dealloc` (so a wipe) of the
    // old one, never a block resized in place with its tail left unwiped.
}
