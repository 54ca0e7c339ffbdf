//! Growing the WebAssembly heap in one step before a large calculation.
//!
//! The allocator grows linear memory a few pages at a time, and each `memory.grow` is costly in
//! V8 when the JavaScript heap is large (measured here: a 100,000-invoice calculation called
//! with its documents still alive as JS objects took 33-45 s on a first call against 1.5-3 s
//! once the heap had grown). Reserving about what a calculation needs up front turns thousands
//! of small grows into one.

/// Bytes of heap a calculation needs per byte of input JSON (measured: about 12 for a
/// 100,000-invoice calculation with explanations).
const HEAP_PER_INPUT_BYTE: usize = 12;

/// Inputs smaller than this need no reservation.
const SMALL_INPUT: usize = 256 * 1024;

/// The largest block one allocation may ask for: a `Layout` is at most `isize::MAX` bytes, which
/// on wasm32 is 2 GiB - 1. One block of all the bytes wanted failed past 2 GiB (an input of
/// about 179 MB at 12 bytes per byte), quietly, and the calculation then grew memory page by
/// page again; the reservation is made of blocks of at most this size instead.
const MAX_BLOCK: usize = 1 << 30;

/// Makes sure the heap has room for a calculation over `input_bytes` of JSON: allocates blocks
/// until the heap has grown to about what the calculation needs, then frees them, so that the
/// allocator grows memory in a few large steps and keeps the room for reuse.
pub fn reserve_for(input_bytes: usize) {
    if input_bytes < SMALL_INPUT {
        return;
    }
    let want = input_bytes.saturating_mul(HEAP_PER_INPUT_BYTE);
    let have = core::arch::wasm32::memory_size(0).saturating_mul(65536);
    let mut missing = want.saturating_sub(have);
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    while missing > 0 {
        let size = missing.min(MAX_BLOCK);
        let mut block: Vec<u8> = Vec::new();
        // Past the 4 GiB address space a block fails quietly; the calculation then grows
        // memory as it goes, or reports that it ran out.
        if block.try_reserve_exact(size).is_err() {
            break;
        }
        blocks.push(block);
        missing -= size;
    }
}
