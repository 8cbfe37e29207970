//! The server module's allocator: small blocks from free lists, one per size class,
//! everything else from the allocator underneath (the standard library's dlmalloc).
//!
//! A one-line `check` or `xml` makes some 110 allocations, nearly all under 512 bytes,
//! and in the module dlmalloc spent some 400 instructions on each allocation and its
//! free (bins, chunk headers, coalescing, each memory access bounds-checked by
//! wasmtime): a fifth of the whole call, where the native build pays glibc's much
//! cheaper fast path. Here an allocation of at most `MAX_SMALL` bytes (alignment at most
//! `GRANULE`) pops the head of its class's list, or carves a block from the current
//! chunk; a free pushes the block back on its list. Small blocks are never given back to
//! dlmalloc: a class keeps the most it ever held at once, for the next calls to reuse.
//! The allocator underneath sees only chunks and large blocks, so large requests (a PDF
//! in base64, a 1000-line XML) are served as before.
//!
//! Not thread-safe: it is the global allocator only on `wasm32-unknown-unknown` without
//! the `atomics` feature, where there is one thread.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr;

/// Block sizes are multiples of this, and so are block addresses.
const GRANULE: usize = 16;
/// The largest size served from the free lists.
const MAX_SMALL: usize = 512;
const CLASSES: usize = MAX_SMALL / GRANULE;
/// What is asked of the allocator underneath when the current chunk is used up.
const CHUNK: usize = 32 * 1024;

pub struct SmallAlloc<A> {
    inner: A,
    state: UnsafeCell<State>,
}

struct State {
    /// The first free block of each class; each free block starts with the next one.
    free: [*mut u8; CLASSES],
    /// What is left of the current chunk: `next..end`.
    next: usize,
    end: usize,
}

// SAFETY: only ever used from one thread (see the module's documentation): the global
// allocator of a `wasm32-unknown-unknown` module built without `atomics`.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<A: Sync> Sync for SmallAlloc<A> {}

/// The class of a layout served from the free lists, `None` for the others.
fn class(layout: Layout) -> Option<usize> {
    if layout.size() <= MAX_SMALL && layout.align() <= GRANULE {
        // A zero size cannot reach a `GlobalAlloc`; it would be class 0 all the same.
        Some(layout.size().saturating_sub(1) / GRANULE)
    } else {
        None
    }
}

impl<A: GlobalAlloc> SmallAlloc<A> {
    pub const fn new(inner: A) -> Self {
        SmallAlloc {
            inner,
            state: UnsafeCell::new(State {
                free: [ptr::null_mut(); CLASSES],
                next: 0,
                end: 0,
            }),
        }
    }

    /// A block of class `class`: the head of its list, or a new one from the chunk.
    ///
    /// # Safety
    /// No other call on this allocator may be running.
    unsafe fn small(&self, class: usize) -> *mut u8 {
        // SAFETY: one call at a time (the caller's promise), so this is the only
        // reference to the state.
        let state = unsafe { &mut *self.state.get() };
        let head = state.free[class];
        if !head.is_null() {
            // SAFETY: a free block of this class, at least GRANULE bytes, whose first
            // bytes hold the next free block (written by `dealloc`, aligned).
            state.free[class] = unsafe { head.cast::<*mut u8>().read() };
            return head;
        }
        let size = (class + 1) * GRANULE;
        if state.end - state.next < size {
            // What is left of the old chunk (less than a block of this class) is lost.
            // SAFETY: CHUNK and GRANULE make a valid, non-zero layout.
            let chunk = unsafe {
                self.inner
                    .alloc(Layout::from_size_align_unchecked(CHUNK, GRANULE))
            };
            if chunk.is_null() {
                return chunk;
            }
            state.next = chunk as usize;
            state.end = state.next + CHUNK;
        }
        let block = state.next as *mut u8;
        state.next += size;
        block
    }
}

// SAFETY: small blocks are disjoint pieces of chunks the allocator underneath gave and
// never takes back, each handed out once until it is freed; their addresses and sizes
// are multiples of GRANULE, which covers every alignment they are used for. Anything
// else goes to the allocator underneath with its own layout.
unsafe impl<A: GlobalAlloc> GlobalAlloc for SmallAlloc<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            // SAFETY: GlobalAlloc's callers do not call it from two threads at once
            // here (one thread), and `small` is only reached through these methods.
            Some(class) => unsafe { self.small(class) },
            // SAFETY: the caller's layout, passed on.
            None => unsafe { self.inner.alloc(layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            Some(class) => {
                // SAFETY: as in `alloc`; a block of the class holds `layout.size()` bytes.
                unsafe {
                    let block = self.small(class);
                    if !block.is_null() {
                        ptr::write_bytes(block, 0, layout.size());
                    }
                    block
                }
            }
            // Large zeroed blocks keep dlmalloc's way (fresh memory is not zeroed again).
            // SAFETY: the caller's layout, passed on.
            None => unsafe { self.inner.alloc_zeroed(layout) },
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        match class(layout) {
            Some(class) => {
                // SAFETY: `block` came from `small(class)` (same layout, same class) and
                // is no longer used: its first bytes now hold the list's next block.
                unsafe {
                    let state = &mut *self.state.get();
                    block.cast::<*mut u8>().write(state.free[class]);
                    state.free[class] = block;
                }
            }
            // SAFETY: a large block, from the allocator underneath with this layout.
            None => unsafe { self.inner.dealloc(block, layout) },
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: GlobalAlloc's contract makes `new_size` with this alignment valid.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class(layout), class(new_layout)) {
            // A string growing within its class stays where it is.
            (Some(old), Some(new)) if old == new => block,
            // Large to large: dlmalloc may grow it in place.
            // SAFETY: a large block of the allocator underneath, with its layout.
            (None, None) => unsafe { self.inner.realloc(block, layout, new_size) },
            _ => {
                // SAFETY: a new block for the new layout, the bytes both hold copied,
                // then the old block freed with its own layout.
                unsafe {
                    let moved = self.alloc(new_layout);
                    if !moved.is_null() {
                        ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                    moved
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn classes_cover_small_layouts_only() {
        assert_eq!(class(layout(1, 1)), Some(0));
        assert_eq!(class(layout(16, 8)), Some(0));
        assert_eq!(class(layout(17, 4)), Some(1));
        assert_eq!(class(layout(512, 16)), Some(CLASSES - 1));
        assert_eq!(class(layout(513, 1)), None);
        assert_eq!(class(layout(64, 32)), None);
    }

    /// Blocks in use never overlap, keep their bytes, are aligned, and are reused once
    /// freed; large blocks and moves between classes keep their bytes.
    #[test]
    fn blocks_are_disjoint_aligned_and_reused() {
        let heap = SmallAlloc::new(System);
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        let mut seed = 7u32;
        for step in 0..20_000u32 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let size = 1 + (seed >> 8) as usize % 700;
            let align = 1 << ((seed >> 4) % 5);
            if seed % 3 == 0 && !live.is_empty() {
                let (block, layout, fill) = live.swap_remove((seed >> 12) as usize % live.len());
                // SAFETY: a live block of this allocator with its layout.
                unsafe {
                    assert!((0..layout.size()).all(|i| *block.add(i) == fill));
                    heap.dealloc(block, layout);
                }
            } else if seed % 3 == 1 && !live.is_empty() {
                let at = (seed >> 12) as usize % live.len();
                let (block, old, fill) = live[at];
                // SAFETY: a live block of this allocator with its layout, resized.
                unsafe {
                    let moved = heap.realloc(block, old, size);
                    assert!(!moved.is_null());
                    assert!((0..old.size().min(size)).all(|i| *moved.add(i) == fill));
                    let new = Layout::from_size_align(size, old.align()).unwrap();
                    ptr::write_bytes(moved, fill, size);
                    live[at] = (moved, new, fill);
                }
            } else {
                let layout = layout(size, align);
                let fill = step as u8;
                // SAFETY: a non-zero layout; the block is written within its size.
                unsafe {
                    let block = if step % 5 == 0 {
                        let block = heap.alloc_zeroed(layout);
                        assert!((0..size).all(|i| *block.add(i) == 0));
                        block
                    } else {
                        heap.alloc(layout)
                    };
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0);
                    ptr::write_bytes(block, fill, size);
                    live.push((block, layout, fill));
                }
            }
            if step % 1000 == 0 {
                let mut spans: Vec<(usize, usize)> = live
                    .iter()
                    .map(|(b, l, _)| (*b as usize, *b as usize + l.size()))
                    .collect();
                spans.sort_unstable();
                assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "blocks overlap");
            }
        }
        for (block, layout, fill) in live {
            // SAFETY: the remaining live blocks, with their layouts.
            unsafe {
                assert!((0..layout.size()).all(|i| *block.add(i) == fill));
                heap.dealloc(block, layout);
            }
        }
        // A freed small block is the next one of its class.
        let small = layout(40, 8);
        // SAFETY: alloc then dealloc with the same layout.
        unsafe {
            let a = heap.alloc(small);
            heap.dealloc(a, small);
            assert_eq!(heap.alloc(small), a);
            // Growing within the class does not move.
            assert_eq!(heap.realloc(a, small, 48), a);
            heap.dealloc(a, layout(48, 8));
        }
    }
}
