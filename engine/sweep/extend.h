#pragma once
// Growing a finished (or stopped) sweep: a spec that only adds grid values to the store's own
// (sweep/spec.h: grid_extension) extends the store instead of being refused. Stores are
// allocated whole when created, so the store of the union grid is built beside the old one as
// STORE.growing: every row the old store holds (committed, or trained with its kept training)
// is copied, byte for byte, to the row of the same grid point, whose number is its index in the
// new spec's grid (the `job` column: a job is a position in its spec's grid); then it is renamed
// over the old store. A kill at any moment leaves the old store or the grown one, never a mix;
// a stale STORE.growing is rebuilt. The run then computes only the new grid points.
#include <string>
#include <vector>

#include "store/sweepstore.h"
#include "sweep/spec.h"

namespace wmsweep {

// Refuses (InputError) what cannot be extended: a shard of a sweep, or an addition that
// changes the per-network arrays (a larger n pads every row differently).
void check_extension(const Spec& stored, const Spec& spec, const StoreReader& store,
                     const std::string& path);

// Replaces the store at `path` (of spec `stored`) with the store of `spec`, holding every row
// the old one held. `header` is the new store's header. Returns the rows copied.
int64_t extend_store(const std::string& path, const Spec& stored, const Spec& spec,
                     const StoreHeader& header, const std::vector<Column>& columns);

// The same copy into a new store at `to` holding `jobs` of spec's grid (a shard's rows, in
// order): every row of `from` on one of those grid points is copied; built as TO.growing and
// renamed into place. `wmsweep submit --extend` seeds each task's shard with it.
int64_t copy_into_new_store(const std::string& from, const Spec& stored, const std::string& to,
                            const Spec& spec, const std::vector<int64_t>& jobs,
                            const StoreHeader& header, const std::vector<Column>& columns);

}  // namespace wmsweep
