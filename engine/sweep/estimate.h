#pragma once
// What a sweep will need before it runs (`run`, `one`, `submit` check it first): the memory a
// rank needs for one unit of work, and the size of the store. Upper-bound estimates from the
// spec's sizes — the matrices, batches and per-run arrays each phase allocates — so an
// impossible size is refused with its cause instead of ending in bad_alloc hours later.
#include <cstdint>
#include <string>

#include "sweep/spec.h"

namespace wmsweep {

// The study's estimate (study/study.h: MemoryNeed): the peak of one rank running one unit of
// work, and the phase that dominates it, e.g. "forgetting (1.6e8 runs)".
MemoryNeed estimate_unit_memory(const Spec& spec);

// Bytes of a store holding `rows` rows of this spec (save_weights: with init/*).
double estimate_store_bytes(const Spec& spec, int64_t rows, bool save_weights);

// The machine's physical memory, the default of --max-memory.
double physical_memory_bytes();

// "1.2 GB", "340 MB"
std::string human_bytes(double bytes);
// "24G", "500M", "1.5T" or bytes → bytes (decimal units); throws InputError naming `option`.
double parse_bytes(const std::string& text, const std::string& option);

// Refuses (InputError) a spec whose unit needs more than max_bytes, naming the phase and the
// keys to lower, and the option to raise.
void check_unit_memory(const Spec& spec, double max_bytes);

// Refuses a store of `rows` rows that would not fit in the free space of the folder holding it.
void check_store_space(const Spec& spec, int64_t rows, bool save_weights, const std::string& store_path);

}  // namespace wmsweep
