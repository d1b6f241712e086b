#include "store/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "util/errors.h"

namespace wmsweep {

void check_store_name(const std::string& store_path) {
  const size_t slash = store_path.find_last_of('/');
  const std::string name = slash == std::string::npos ? store_path : store_path.substr(slash + 1);
  constexpr size_t kNameMax = 255, kLongestSuffix = 8;  // ".partial", ".joining", ".relabel"
  if (name.size() + kLongestSuffix > kNameMax)
    throw InputError(store_path + ": the file name is too long (" + std::to_string(name.size()) +
                     " characters; wmsweep adds up to 8 for its side files and a file name holds "
                     "at most 255): choose a name of at most 247 characters");
}

StoreLock::StoreLock(const std::string& store_path) {
  check_store_name(store_path);
  const std::string path = store_path + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw InputError(path + ": cannot create the lock file (" + std::strerror(errno) + ")");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char holder[256] = {};
    const ssize_t got = ::pread(fd_, holder, sizeof holder - 1, 0);
    ::close(fd_);
    fd_ = -1;
    std::string who = got > 0 ? std::string(holder, static_cast<size_t>(got)) : "another process";
    who = who.substr(0, who.find('\n'));  // the holder's name, not its progress note
    throw InputError(store_path + " is in use by " + who +
                     ": wait for that run to finish (or stop it) before running on this store");
  }
  char host[128] = {};
  ::gethostname(host, sizeof host - 1);
  const std::time_t t = std::time(nullptr);
  char when[64];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
  me_ = "wmsweep run (pid " + std::to_string(::getpid()) + " on " + host + ", since " + when + ")\n";
  if (::ftruncate(fd_, 0) == 0) {
    const ssize_t wrote = ::pwrite(fd_, me_.data(), me_.size(), 0);
    (void)wrote;
  }
  store_path_ = store_path;
  struct stat st;
  if (::stat(store_path.c_str(), &st) == 0) {
    try {
      lock_store();
    } catch (...) {
      ::close(fd_);
      fd_ = -1;
      throw;
    }
  }
}

void StoreLock::lock_store() {
  if (store_fd_ >= 0) return;
  const int fd = ::open(store_path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0)
    throw InputError(store_path_ + ": cannot open the store for writing (" + std::strerror(errno) + ")");
  struct flock range = {};
  range.l_type = F_WRLCK;
  range.l_whence = SEEK_SET;
  range.l_start = off_t{1} << 62;
  range.l_len = 1;
  if (::fcntl(fd, F_OFD_SETLK, &range) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EAGAIN || error == EACCES)
      throw InputError(store_path_ + " is in use by another wmsweep run that reached the same file "
                       "by another name (a symbolic or hard link): wait for it to finish");
    // a file system without such locks (some network mounts): the STORE.lock flock still holds
    return;
  }
  store_fd_ = fd;
}

namespace {
// The lock file's text while a run holds it ("" when none does): its name, then its progress.
std::string lock_text(const std::string& store_path) {
  const int fd = ::open((store_path + ".lock").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  std::string text;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    char buf[2048] = {};
    const ssize_t got = ::pread(fd, buf, sizeof buf - 1, 0);
    text = got > 0 ? std::string(buf, static_cast<size_t>(got)) : "another process";
  }
  ::close(fd);
  return text;
}
}  // namespace

void StoreLock::relock_store() {
  if (store_fd_ >= 0) ::close(store_fd_);
  store_fd_ = -1;
  lock_store();
}

std::string StoreLock::holder(const std::string& store_path) {
  std::string who = lock_text(store_path);
  who = who.substr(0, who.find('\n'));
  return who;
}

std::string StoreLock::progress(const std::string& store_path) {
  const std::string text = lock_text(store_path);
  const size_t nl = text.find('\n');
  if (nl == std::string::npos) return "";
  std::string note = text.substr(nl + 1);
  while (!note.empty() && note.back() == '\n') note.pop_back();
  return note;
}

void StoreLock::note(const std::string& progress) {
  if (fd_ < 0) return;
  const std::string text = me_ + progress.substr(0, 1500) + "\n";
  if (::pwrite(fd_, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()))
    if (::ftruncate(fd_, static_cast<off_t>(text.size())) != 0) { /* a hint only */ }
}

StoreLock::~StoreLock() {
  if (store_fd_ >= 0) ::close(store_fd_);  // releases the store's own lock
  if (fd_ < 0) return;
  // Clear our name while still holding the lock, so a later holder is never misreported as us.
  if (::ftruncate(fd_, 0) != 0) { /* the name is only a hint */ }
  ::close(fd_);  // releases the flock
}

}  // namespace wmsweep
