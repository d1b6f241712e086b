#pragma once
// Units of work and shards. A unit is a run of at most train.group_max consecutive jobs that
// share J (one weight group, split in grid order); units are numbered in grid order. Shard
// I of K owns the units u with u mod K = I: round-robin, so every shard gets a like mix of
// network sizes and hyperparameters. A store holds one shard's jobs as its rows, in order.
#include <cstdint>
#include <string>
#include <vector>

#include "spec/grid.h"

namespace wmsweep {

struct Shard {
  int index = 0, count = 1;
  std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};
Shard parse_shard(const std::string& text);  // "I/K", 0 ≤ I < K; throws InputError

// All units of the grid: each a list of job indices.
std::vector<std::vector<int64_t>> make_units(const Grid& grid, int group_max);

// Units of a set of jobs (an adaptive round): runs of consecutive ones of `jobs` (ascending)
// in one weight group, at most group_max each. A network's bits do not depend on its unit.
std::vector<std::vector<int64_t>> make_units(const Grid& grid, int group_max, const std::vector<int64_t>& jobs);

struct ShardPlan {
  std::vector<int64_t> jobs;                 // the store's rows: row r is job jobs[r]
  std::vector<std::vector<int64_t>> units;   // this shard's units, as row indices
};
ShardPlan plan_shard(const Grid& grid, int group_max, const Shard& shard);

}  // namespace wmsweep
