#pragma once
// One writer per store: `STORE.lock` beside it, held with flock() for as long as a run has
// the store open. The kernel drops the lock when the holder dies (kill -9 included), so a
// stale file never blocks a resume; the file's text says who holds it.
#include <string>

namespace wmsweep {

// A store has side files named STORE.lock, .partial, .joining, .relabel: refuses a name whose
// side files would be too long for the file system (255 bytes), before any work.
void check_store_name(const std::string& store_path);

class StoreLock {
 public:
  // Throws InputError naming the holder when another run has the store.
  explicit StoreLock(const std::string& store_path);
  ~StoreLock();
  // Who holds the store's lock now ("" when no run has it); never creates the lock file.
  static std::string holder(const std::string& store_path);
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace wmsweep
