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

/// Makes sure the heap has room for a calculation over `input_bytes` of JSON: allocates and
/// frees one block, so that the allocator grows memory once and keeps the block for reuse.
pub fn reserve_for(input_bytes: usize) {
    if input_bytes < SMALL_INPUT {
        return;
    }
    let want = input_bytes.saturating_mul(HEAP_PER_INPUT_BYTE);
    let have = core::arch::wasm32::memory_size(0).saturating_mul(65536);
    if want > have {
        let mut block: Vec<u8> = Vec::new();
        // Past the 4 GiB address space the reservation fails quietly; the calculation then
        // grows memory as it goes, or reports that it ran out.
        let _ = block.try_reserve_exact(want - have);
    }
}
