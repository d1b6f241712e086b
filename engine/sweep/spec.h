#pragma once
// A sweep spec: what to train, how to analyse it, and over which grid. Parsed from TOML: the
// top level (name, study) and [adaptive] (sweep/adaptive.h) here, every other section by the study's plug-in
// (studies/registry.h); every key is checked (unknown key, wrong type, out of range →
// SpecError naming the key).
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "spec/grid.h"
#include "store/sweepstore.h"
#include "study/study.h"
#include "sweep/adaptive.h"

namespace wmsweep {

struct Spec {
  std::string name;
  std::shared_ptr<const StudySpec> study;  // the study bound to its sections
  std::string text;                        // the TOML as given, kept with every result
  // Every effective value, given or default, as "section.key = value" in a fixed order.
  // Two specs describe the same sweep exactly when these lists are equal.
  std::vector<std::string> settings;
  AdaptiveSettings adaptive;  // [adaptive]: seeds spent where the answer is uncertain
  Grid grid() const { return Grid(study->axes(), study->weight_axes()); }
};

// Throws SpecError with the offending key and what to do.
Spec parse_spec(const std::string& toml_text, const std::string& origin = "spec");

// Refuses a folder, an unreadable, empty or oversized file (more than kMaxSpecBytes).
inline constexpr size_t kMaxSpecBytes = size_t{4} << 20;
Spec load_spec(const std::string& path);

// The files a spec reads besides itself (e.g. task.latent_file), each as
// "KEY = PATH, fnv1a64 HEX" with a hash of its content, one per line ("" when it reads none):
// stored with a sweep, so a file edited between a run and its resume is refused like a
// changed spec. Throws InputError naming a file that cannot be read.
std::string input_files_digest(const Spec& spec);

// The header of a store of this spec holding shard `shard` ("I/K"; "0/1": the whole grid).
StoreHeader store_header(const Spec& spec, const std::string& shard, bool save_weights);

// Every column of a store of this spec: the core columns, the study's grid columns and its own.
std::vector<Column> sweep_columns(const Spec& spec, bool save_weights);
// The job and grid columns of `jobs`, written when a store is created.
std::vector<Prefill> grid_prefill(const Grid& grid, const std::vector<int64_t>& jobs);

// Refuses (InputError) a store whose datasets are not the ones its spec declares, with the
// declared per-row shapes (a hand edit, a damaged file): before anything reads past a buffer.
// A study column missing altogether is allowed (a store made before the column existed).
void check_store_columns(const StoreReader& store, const Spec& spec, const std::string& path);

// What changed from `before` to `after`, one line per setting ("train.n_train: 3500 → 100");
// empty when they describe the same sweep.
std::vector<std::string> spec_differences(const Spec& before, const Spec& after);

// Whether `after` only adds grid values to `before`: every other setting equal, the same axes,
// and every value of each of before's axes still there (in any order). The additions, as
// spec_differences lines ("grid.seed: [0, 1] -> [0, 1, 2]"); empty when `after` is not an
// extension of `before` (or equals it).
std::vector<std::string> grid_extension(const Spec& before, const Spec& after);

}  // namespace wmsweep
