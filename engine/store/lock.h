#pragma once
// One writer per store: `STORE.lock` beside it, held with flock() for as long as a run has
// the store open. The kernel drops the lock when the holder dies (kill -9 included), so a
// stale file never blocks a resume; the file's text says who holds it.
#include <string>

namespace wmsweep {

// A store has side files named STORE.lock, .partial, .joining, .relabel: refuses a name whose
// side files would be too long for the file system (255 bytes), before any work.
void check_store_name(const std::string& store_path);

// Two locks: flock() on STORE.lock (it names the holder, and exists before the store does), and,
// once the store exists, an open-file-description lock on the store file itself (one byte at
// offset 2^62, beyond any data, so HDF5 and MPI-IO never meet it): a second run reaching the
// same file by another name — a symbolic or hard link — is refused too.
class StoreLock {
 public:
  // Throws InputError naming the holder when another run has the store.
  explicit StoreLock(const std::string& store_path);
  // Takes the lock on the store file itself; the constructor does when the store exists, a
  // run that creates it calls this right after.
  void lock_store();
  // The store file was replaced (a grown store renamed over it): lock the new one.
  void relock_store();
  ~StoreLock();
  // Who holds the store's lock now ("" when no run has it); never creates the lock file.
  static std::string holder(const std::string& store_path);
  // The holder's last progress note ("" when none or no run has the store): `wmsweep status`
  // on a running sweep shows what the run's own log shows.
  static std::string progress(const std::string& store_path);
  // Replaces the progress note in STORE.lock (a hint: a failed write is ignored).
  void note(const std::string& progress);
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  std::string store_path_, me_;
  int fd_ = -1;
  int store_fd_ = -1;
};

}  // namespace wmsweep
