//! The wasm module's allocator: blocks of a power of two bytes on one free list per size, every
//! block wiped when it is freed.
//!
//! Secrets pass through copies the code cannot wipe itself: the JSON text of a request body that
//! carries a password (`USER_PASSWORD_AUTH`, `NEW_PASSWORD_REQUIRED`) on its way out to
//! JavaScript, and buffers that grew and moved. Wiping at `dealloc` means nothing freed inside
//! the module's memory keeps them.
//!
//! A request gets a block of 2^k bytes, the smallest that holds its size and its alignment and
//! at least 16 bytes, so every block is aligned to its size (up to 64 KiB). A block of 64 KiB or
//! more is whole wasm pages from `memory.grow`; a smaller one, when its free list is empty, is
//! the lower half of a block of twice its size (taken the same way), the upper half going on
//! the list. Blocks are never merged: the memory taken is at most, for each size, the most blocks
//! of that size live at once plus one, so a page that signs in again and again reuses the blocks
//! of the last sign-in instead of growing.
//!
//! Every block on a free list is zero but for its first word, the link to the next: fresh pages
//! are zero, `dealloc` wipes the bytes the caller could have written (`layout.size()`; the rest
//! of the block was handed out zero and never written), and taking a block off a list clears its
//! link. So every block handed out is all zero, and `alloc_zeroed` is `alloc`.
//!
//! `realloc` is `GlobalAlloc`'s default: a new block, a copy, and `dealloc` (so a wipe) of the
//! old one. The heap's logic is generic over where pages come from ([`Pages`]), so the native
//! tests below run it over an arena.

use core::alloc::Layout;
use core::ptr::null_mut;

use zeroize::Zeroize;

/// log2 of the wasm page size, 64 KiB: blocks this large or larger are whole pages.
const PAGE: u32 = 16;
/// log2 of the smallest block, 16 bytes: room for the free list's link.
const MIN: u32 = 4;

/// Where whole pages come from: `memory.grow` in the module, an arena in the tests.
///
/// # Safety
///
/// `grow(n)` returns null or the start of `n << 16` bytes that are zero, aligned to 64 KiB,
/// valid for reads and writes and used by nothing else from then on.
pub(crate) unsafe trait Pages {
    fn grow(&mut self, n: usize) -> *mut u8;
}

pub(crate) struct Heap<P> {
    /// At index k, the free blocks of 2^k bytes (null: none); a free block's first word points
    /// to the next.
    free: [*mut u8; usize::BITS as usize],
    pages: P,
}

/// The log2 of the block size for `layout`; none for an alignment above 64 KiB (pages are aligned
/// to no more) or a size with no power of two in `usize`.
fn class(layout: Layout) -> Option<u32> {
    if layout.align() > 1 << PAGE {
        return None;
    }
    let size = layout.size().max(layout.align()).max(1 << MIN);
    Some(size.checked_next_power_of_two()?.trailing_zeros())
}

impl<P: Pages> Heap<P> {
    pub(crate) const fn new(pages: P) -> Self {
        Self {
            free: [null_mut(); usize::BITS as usize],
            pages,
        }
    }

    /// An all-zero block for `layout`, or null when memory cannot grow or the layout is one
    /// [`class`] refuses.
    pub(crate) fn alloc(&mut self, layout: Layout) -> *mut u8 {
        match class(layout) {
            Some(k) => self.take(k),
            None => null_mut(),
        }
    }

    /// Wipes the block and puts it on its free list.
    ///
    /// # Safety
    ///
    /// `ptr` was returned by `self.alloc(layout)` and has not been given back since.
    pub(crate) unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller owned `ptr`'s `layout.size()` bytes until now, so they are valid
        // for writes. Volatile writes (zeroize) are not elided.
        unsafe { core::slice::from_raw_parts_mut(ptr, layout.size()) }.zeroize();
        if let Some(k) = class(layout) {
            // SAFETY: `alloc` gave `ptr` as a block of 2^k bytes for this layout; it is all zero
            // again: its first `layout.size()` bytes were just wiped, and the rest was zero when
            // handed out and is beyond what the caller may write.
            unsafe { self.put(k, ptr) }
        }
    }

    /// An all-zero block of 2^k bytes aligned to 2^k (to 64 KiB for whole pages), or null.
    fn take(&mut self, k: u32) -> *mut u8 {
        let Some(head) = self.free.get_mut(k as usize) else {
            return null_mut();
        };
        let block = *head;
        if !block.is_null() {
            // SAFETY: a block on a free list belongs to the heap and is at least 16 bytes aligned
            // to 16; its first word is the link, its only nonzero bytes, cleared here.
            unsafe {
                *head = block.cast::<*mut u8>().read();
                block.cast::<*mut u8>().write(null_mut());
            }
            block
        } else if k >= PAGE {
            self.pages.grow(1 << (k - PAGE))
        } else {
            let block = self.take(k + 1);
            if !block.is_null() {
                // SAFETY: `block` is 2^(k+1) zero bytes aligned to them that belong to the heap:
                // its upper half is a zero block of 2^k bytes aligned to 2^k.
                unsafe { self.put(k, block.add(1 << k)) }
            }
            block
        }
    }

    /// # Safety
    ///
    /// `block` is 2^k bytes, aligned to 2^k (k ≥ 4), all zero, and belongs to the heap from now.
    unsafe fn put(&mut self, k: u32, block: *mut u8) {
        if let Some(head) = self.free.get_mut(k as usize) {
            // SAFETY: the caller's guarantee: the block's first word is valid for writes.
            unsafe { block.cast::<*mut u8>().write(*head) };
            *head = block;
        }
    }
}

/// The module's memory: pages added by `memory.grow`.
#[cfg(target_arch = "wasm32")]
pub(crate) struct MemoryGrow;

// SAFETY: `memory.grow` adds `n` zeroed pages at the end of memory 0 and returns the memory's
// previous size in pages (usize::MAX when it cannot grow), so the new pages start at that size
// times 64 KiB; no other code is given them.
#[cfg(target_arch = "wasm32")]
unsafe impl Pages for MemoryGrow {
    fn grow(&mut self, n: usize) -> *mut u8 {
        match core::arch::wasm32::memory_grow(0, n) {
            usize::MAX => null_mut(),
            old => core::ptr::with_exposed_provenance_mut(old << PAGE),
        }
    }
}

// The heap below has no lock: it relies on the module running one thread.
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
compile_error!("src/heap.rs's allocator is single-threaded: a build with threads needs a lock");

/// The global allocator on wasm32: the [`Heap`] over [`MemoryGrow`].
#[cfg(target_arch = "wasm32")]
pub(crate) struct Allocator(core::cell::UnsafeCell<Heap<MemoryGrow>>);

#[cfg(target_arch = "wasm32")]
impl Allocator {
    pub(crate) const fn new() -> Self {
        Self(core::cell::UnsafeCell::new(Heap::new(MemoryGrow)))
    }
}

// SAFETY: wasm32 without the atomics feature (refused above) runs one thread, so the heap is
// never reached from two threads.
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for Allocator {}

// SAFETY: `Heap` hands out disjoint blocks of at least `layout.size()` bytes aligned to
// `layout.align()`, all zero, or null; it takes back only blocks it gave, by contract.
#[cfg(target_arch = "wasm32")]
unsafe impl core::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: one thread, and the heap calls nothing that allocates, so this is the only
        // reference to it while it lives.
        unsafe { &mut *self.0.get() }.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`; every block the heap hands out is all zero.
        unsafe { &mut *self.0.get() }.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`; `GlobalAlloc`'s contract is `Heap::dealloc`'s.
        unsafe { (*self.0.get()).dealloc(ptr, layout) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const WORD: usize = size_of::<usize>();

    /// Pages handed out in order from one zeroed allocation of `cap` pages aligned to 64 KiB.
    struct Arena {
        base: *mut u8,
        cap: usize,
        used: usize,
    }

    impl Arena {
        fn new(cap: usize) -> Self {
            // SAFETY: the layout's size is not zero.
            let base = unsafe { std::alloc::alloc_zeroed(Self::layout(cap)) };
            assert!(!base.is_null());
            Self { base, cap, used: 0 }
        }

        fn layout(cap: usize) -> Layout {
            Layout::from_size_align(cap << PAGE, 1 << PAGE).unwrap()
        }

        /// The pages handed out so far.
        fn bytes(&self) -> &[u8] {
            // SAFETY: the arena's first `used` pages are initialised (zeroed, then written).
            unsafe { std::slice::from_raw_parts(self.base, self.used << PAGE) }
        }
    }

    impl Drop for Arena {
        fn drop(&mut self) {
            // SAFETY: allocated in `new` with this layout.
            unsafe { std::alloc::dealloc(self.base, Self::layout(self.cap)) }
        }
    }

    // SAFETY: each page is handed out once, zeroed by `alloc_zeroed` and never written by the
    // arena; the base is aligned to 64 KiB.
    unsafe impl Pages for Arena {
        fn grow(&mut self, n: usize) -> *mut u8 {
            if n > self.cap - self.used {
                return null_mut();
            }
            // SAFETY: within the arena's allocation.
            let pages = unsafe { self.base.add(self.used << PAGE) };
            self.used += n;
            pages
        }
    }

    /// xorshift64*: deterministic, so a failure reproduces.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }

        /// Mostly small blocks, some of a few kB, a few beyond a page; alignments up to 4 KiB.
        fn layout(&mut self) -> Layout {
            let size = match self.below(100) {
                0..=79 => 1 + self.below(600),
                80..=97 => 1 + self.below(12_000),
                _ => 1 + self.below(300_000),
            };
            let align = [1, 1, 1, 2, 4, 8, 8, 16, 32, 64, 4096][self.below(11)];
            Layout::from_size_align(size, align).unwrap()
        }
    }

    fn block_size(layout: Layout) -> usize {
        1 << class(layout).unwrap()
    }

    /// The heap over an arena, and what it should hold: the live blocks, by address, with the
    /// byte each was filled with, and for each block size how many are live and the most ever.
    struct Model {
        heap: Heap<Arena>,
        live: BTreeMap<usize, (*mut u8, Layout, u8)>,
        count: [usize; 64],
        peak: [usize; 64],
        fill: u8,
    }

    impl Model {
        fn new() -> Self {
            Self {
                heap: Heap::new(Arena::new(2048)),
                live: BTreeMap::new(),
                count: [0; 64],
                peak: [0; 64],
                fill: 0,
            }
        }

        /// Allocates; checks the block is aligned, in the arena, zero and overlaps no live one;
        /// fills it.
        fn alloc(&mut self, layout: Layout) -> usize {
            let ptr = self.heap.alloc(layout);
            assert!(!ptr.is_null(), "{layout:?}");
            let at = ptr as usize;
            let end = at + block_size(layout);
            assert_eq!(at % layout.align(), 0, "{layout:?}");
            let arena = self.heap.pages.base as usize;
            assert!(arena <= at && end <= arena + (self.heap.pages.used << PAGE));
            if let Some((&before, &(_, l, _))) = self.live.range(..=at).next_back() {
                assert!(before + block_size(l) <= at, "overlaps the block before");
            }
            if let Some((&after, _)) = self.live.range(at..).next() {
                assert!(end <= after, "overlaps the block after");
            }
            // SAFETY: the heap handed out `layout.size()` bytes at `ptr`.
            let bytes = unsafe { std::slice::from_raw_parts_mut(ptr, layout.size()) };
            assert!(bytes.iter().all(|&b| b == 0), "a block handed out is zero");
            self.fill = self.fill % 255 + 1;
            bytes.fill(self.fill);
            self.live.insert(at, (ptr, layout, self.fill));
            let k = class(layout).unwrap() as usize;
            self.count[k] += 1;
            self.peak[k] = self.peak[k].max(self.count[k]);
            assert!(
                self.heap.pages.used << PAGE <= self.bound(),
                "more memory than the bound"
            );
            at
        }

        /// Frees the live block at `at`; checks nothing overwrote it and that it is wiped.
        fn free(&mut self, at: usize) {
            let (ptr, layout, fill) = self.live.remove(&at).unwrap();
            // SAFETY: a live block of `layout.size()` bytes.
            let bytes = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            assert!(
                bytes.iter().all(|&b| b == fill),
                "a live block was overwritten"
            );
            // SAFETY: allocated with this layout, not freed since.
            unsafe { self.heap.dealloc(ptr, layout) };
            // SAFETY: the arena's memory stays readable; the heap is not running.
            let bytes = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            let past_link = bytes.get(WORD..).unwrap_or_default();
            assert!(past_link.iter().all(|&b| b == 0), "a freed block is wiped");
            self.count[class(layout).unwrap() as usize] -= 1;
        }

        /// The most memory the heap may have taken: per block size, the most live at once plus
        /// one (the other half of the last split), which is below 64 KiB over all small sizes.
        fn bound(&self) -> usize {
            let peaks: usize = self.peak.iter().enumerate().map(|(k, &n)| n << k).sum();
            peaks + (1 << PAGE)
        }

        /// Frees every live block, then checks that the free lists hold every byte taken, once,
        /// and that the arena is zero but for their links.
        fn free_all_and_check(&mut self) {
            while let Some((&at, _)) = self.live.first_key_value() {
                self.free(at);
            }
            let arena = self.heap.pages.base as usize;
            let mut blocks = Vec::new();
            for (k, &head) in self.heap.free.iter().enumerate() {
                let mut block = head;
                while !block.is_null() {
                    blocks.push((block as usize - arena, 1usize << k));
                    // SAFETY: a free block's first word is its link.
                    block = unsafe { block.cast::<*mut u8>().read() };
                }
            }
            blocks.sort_unstable();
            let mut next = 0;
            for &(offset, size) in &blocks {
                assert_eq!(
                    offset, next,
                    "free blocks tile the arena, without gaps or overlaps"
                );
                next = offset + size;
            }
            let bytes = self.heap.pages.bytes();
            assert_eq!(next, bytes.len(), "every byte taken is in a free block");
            let mut links = blocks.iter().map(|&(offset, _)| offset).peekable();
            for (i, &b) in bytes.iter().enumerate() {
                while links.next_if(|&link| link + WORD <= i).is_some() {}
                let in_link = links.peek().is_some_and(|&link| link <= i);
                assert!(b == 0 || in_link, "byte {i} of the arena is not wiped");
            }
        }
    }

    #[test]
    fn random_churn_against_a_model() {
        for seed in 1..=4u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let mut model = Model::new();
            for round in 0..20_000 {
                // The live set drifts around a target that changes every few thousand steps.
                let target = 20 + 40 * ((round / 3000) % 5);
                if model.live.is_empty() || rng.below(2 * target) >= model.live.len() {
                    model.alloc(rng.layout());
                } else {
                    let nth = rng.below(model.live.len());
                    let at = *model.live.keys().nth(nth).unwrap();
                    model.free(at);
                }
            }
            model.free_all_and_check();
        }
    }

    /// The same work again and again (a page signing in many times) stops taking memory.
    #[test]
    fn repeated_work_reuses_memory() {
        let mut rng = Rng(7);
        // A script of allocations, each freed some steps later, mixed with longer-lived ones.
        let layouts: Vec<Layout> = (0..3000).map(|_| rng.layout()).collect();
        let lifetimes: Vec<usize> = (0..3000).map(|_| 1 + rng.below(60)).collect();
        let mut model = Model::new();
        let mut used = Vec::new();
        for _ in 0..30 {
            let mut pending: Vec<(usize, usize)> = Vec::new();
            for (step, (&layout, &life)) in layouts.iter().zip(&lifetimes).enumerate() {
                let at = model.alloc(layout);
                pending.push((step + life, at));
                pending.retain(|&(due, at)| {
                    if due == step {
                        model.free(at);
                    }
                    due != step
                });
            }
            for (_, at) in pending {
                model.free(at);
            }
            used.push(model.heap.pages.used);
        }
        assert!(
            used.windows(2).skip(4).all(|w| w[0] == w[1]),
            "pages taken per run: {used:?}"
        );
        model.free_all_and_check();
    }

    #[test]
    fn freed_blocks_come_back_zero() {
        let mut heap = Heap::new(Arena::new(4));
        let layout = Layout::from_size_align(32, 8).unwrap();
        let small = Layout::from_size_align(16, 16).unwrap();
        let a = heap.alloc(layout);
        // SAFETY: a live block of 32 bytes.
        unsafe { a.write_bytes(0xff, 32) };
        // SAFETY: allocated with this layout.
        unsafe { heap.dealloc(a, layout) };
        // The same block again (the last freed is the first reused), zero, link included.
        let b = heap.alloc(layout);
        assert_eq!(a, b);
        // SAFETY: a live block of 32 bytes.
        assert_eq!(unsafe { std::slice::from_raw_parts(b, 32) }, [0; 32]);
        // SAFETY: allocated with this layout.
        unsafe { heap.dealloc(b, layout) };
        // Split: both halves of the freed block, each zero.
        let (c, d) = (heap.alloc(small), heap.alloc(small));
        assert_eq!((c, d), (a, a.wrapping_add(16)));
        for half in [c, d] {
            // SAFETY: a live block of 16 bytes.
            assert_eq!(unsafe { std::slice::from_raw_parts(half, 16) }, [0; 16]);
        }
    }

    #[test]
    fn alignment_up_to_a_page_and_refusals() {
        let mut heap = Heap::new(Arena::new(64));
        for shift in 0..=PAGE {
            let layout = Layout::from_size_align(1, 1 << shift).unwrap();
            let ptr = heap.alloc(layout);
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % (1 << shift), 0);
        }
        let used = heap.pages.used;
        let too_aligned = Layout::from_size_align(1, 1 << (PAGE + 1)).unwrap();
        assert!(heap.alloc(too_aligned).is_null());
        let too_large = Layout::from_size_align(isize::MAX as usize, 1).unwrap();
        assert!(heap.alloc(too_large).is_null());
        let beyond_arena = Layout::from_size_align(64 << PAGE, 1).unwrap();
        assert!(heap.alloc(beyond_arena).is_null());
        assert_eq!(heap.pages.used, used, "a refusal takes no memory");
        assert!(
            !heap.alloc(Layout::new::<u64>()).is_null(),
            "the heap still works"
        );
        // Whole pages: a page and a bit is two pages, page-aligned.
        let large = Layout::from_size_align((1 << PAGE) + 1, 8).unwrap();
        let ptr = heap.alloc(large);
        assert_eq!(ptr as usize % (1 << PAGE), 0);
        assert_eq!(heap.pages.used, used + 2);
    }
}
