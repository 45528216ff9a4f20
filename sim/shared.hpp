// Checked footprints. DPOR trusts each visible step's declared Footprint;
// these wrappers let the runtime check it. A field of a shared object is a
// `sim::Shared<T>` that knows its owner's ObjectId: reading it records a
// read of the owner, assigning to it (=, +=, |=, ++, ...) a write, and the
// execution compares each access with the footprint of the step it happens
// in (Execution::access; the rules are in docs/architecture.md, "Checked
// footprints").
//
// Built with DCSIM_CHECK_FOOTPRINTS (the default for Debug builds), Shared<T>
// is Checked<T>; otherwise it is Plain<T>, the bare field, so a Release
// search pays nothing. Checked<T> itself is always available (the tests of
// the mechanism use it in every build, with the runtime switch on).
#pragma once
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>

#include "sim/execution.hpp"
#include "sim/footprint.hpp"
#include "sim/ids.hpp"

#ifndef DCSIM_CHECK_FOOTPRINTS
#define DCSIM_CHECK_FOOTPRINTS 0
#endif

namespace dcsim::sim {

inline constexpr bool kFootprintChecksBuilt = DCSIM_CHECK_FOOTPRINTS != 0;

// Records one access of the running thread, if any (setup code and the
// scheduler run no thread and are not checked).
inline void record_access(ObjectId owner, Made a, std::string_view field) {
  if (Execution* ex = Execution::running()) ex->access(owner, a, field);
}

// How a field is shared. A Count (a reference count, a multiset of
// holders) is changed by commutative updates that a read touch covers
// (lookups take references under a read of the chain), so reading it needs
// a conflicting touch: that is what orders those updates with the reader.
enum class Sharing : std::uint8_t { Plain, Count };

// A field whose every access is recorded. It refers to its owner's id
// (declared before it in the same object), read when the access happens, so
// an id assigned after construction is seen.
template <typename T, Sharing S = Sharing::Plain>
class Checked {
  static constexpr Made kRead = S == Sharing::Count ? Made::CountRead : Made::Read;
  static constexpr Made kChange = S == Sharing::Count ? Made::Update : Made::Write;

 public:
  Checked(const ObjectId& owner, std::string_view field, T value = T())
      : owner_(&owner), field_(field), value_(std::move(value)) {}
  // Copying an object copies no identity: the wrapper stays bound to its own owner.
  Checked(const Checked&) = delete;
  Checked& operator=(const Checked&) = delete;

  const T& get() const {
    record_access(*owner_, kRead, field_);
    return value_;
  }
  operator const T&() const { return get(); }
  // Pointer fields: d->d_parent->name reads d_parent.
  T operator->() const { return get(); }
  // The field for a change in place (a vector's push_back, erase): a write,
  // or for a Count an update.
  T& mut() {
    record_access(*owner_, kChange, field_);
    return value_;
  }
  // The value without recording: for reports and checks outside any step's
  // semantics (end-of-execution invariants, trace text).
  const T& peek() const { return value_; }
  // A change the check does not see, for an exemption the model documents
  // where it makes it (the counts of pinned set-up dentries).
  T& unchecked() { return value_; }

  Checked& operator=(T v) {
    record_access(*owner_, Made::Write, field_);
    value_ = std::move(v);
    return *this;
  }
  template <typename U> Checked& operator+=(const U& v) { mut() += v; return *this; }
  template <typename U> Checked& operator-=(const U& v) { mut() -= v; return *this; }
  template <typename U> Checked& operator|=(const U& v) { mut() |= v; return *this; }
  template <typename U> Checked& operator&=(const U& v) { mut() &= v; return *this; }
  Checked& operator++() { ++mut(); return *this; }
  Checked& operator--() { --mut(); return *this; }
  // Containers (alias lists, hash chains, holders): walking one reads it,
  // adding or removing an element changes it.
  // Templates, so that asking whether a Checked<int> is a range (Catch2
  // does) is a substitution failure, not an error.
  template <typename U = T> auto begin() const -> decltype(std::declval<const U&>().begin()) { return get().begin(); }
  template <typename U = T> auto end() const -> decltype(std::declval<const U&>().end()) { return get().end(); }
  template <typename U = T> auto size() const -> decltype(std::declval<const U&>().size()) { return get().size(); }
  template <typename U = T> auto empty() const -> decltype(std::declval<const U&>().empty()) { return get().empty(); }
  template <typename U = T> auto front() const -> decltype(std::declval<const U&>().front()) { return get().front(); }
  template <typename V> void push_back(V&& v) { mut().push_back(std::forward<V>(v)); }
  template <typename V> void erase_value(const V& v) {
    auto& c = mut();
    c.erase(std::remove(c.begin(), c.end(), v), c.end());
  }

 private:
  const ObjectId* owner_;
  std::string_view field_;
  T value_;
};

// The bare field with Checked<T>'s interface.
template <typename T, Sharing S = Sharing::Plain>
class Plain {
 public:
  Plain(const ObjectId&, std::string_view, T value = T()) : value_(std::move(value)) {}
  Plain(const Plain&) = delete;
  Plain& operator=(const Plain&) = delete;

  const T& get() const { return value_; }
  operator const T&() const { return value_; }
  T operator->() const { return value_; }
  T& mut() { return value_; }
  const T& peek() const { return value_; }
  T& unchecked() { return value_; }

  Plain& operator=(T v) {
    value_ = std::move(v);
    return *this;
  }
  template <typename U> Plain& operator+=(const U& v) { value_ += v; return *this; }
  template <typename U> Plain& operator-=(const U& v) { value_ -= v; return *this; }
  template <typename U> Plain& operator|=(const U& v) { value_ |= v; return *this; }
  template <typename U> Plain& operator&=(const U& v) { value_ &= v; return *this; }
  Plain& operator++() { ++value_; return *this; }
  Plain& operator--() { --value_; return *this; }
  template <typename U = T> auto begin() const -> decltype(std::declval<const U&>().begin()) { return value_.begin(); }
  template <typename U = T> auto end() const -> decltype(std::declval<const U&>().end()) { return value_.end(); }
  template <typename U = T> auto size() const -> decltype(std::declval<const U&>().size()) { return value_.size(); }
  template <typename U = T> auto empty() const -> decltype(std::declval<const U&>().empty()) { return value_.empty(); }
  template <typename U = T> auto front() const -> decltype(std::declval<const U&>().front()) { return value_.front(); }
  template <typename V> void push_back(V&& v) { value_.push_back(std::forward<V>(v)); }
  template <typename V> void erase_value(const V& v) {
    value_.erase(std::remove(value_.begin(), value_.end(), v), value_.end());
  }

 private:
  T value_;
};

#if DCSIM_CHECK_FOOTPRINTS
template <typename T, Sharing S = Sharing::Plain> using Shared = Checked<T, S>;
#else
template <typename T, Sharing S = Sharing::Plain> using Shared = Plain<T, S>;
#endif
// A reference count or a multiset of holders (Sharing::Count).
template <typename T> using SharedCount = Shared<T, Sharing::Count>;

// Whether executions created now check their footprints: always in a
// DCSIM_CHECK_FOOTPRINTS build, else while a FootprintChecks(true) lives.
bool footprint_checks_on();

// Turns the check on for executions created from now on in a build without
// DCSIM_CHECK_FOOTPRINTS (where only Checked<T> and explicit accesses record);
// the previous setting comes back at scope exit.
class FootprintChecks {
 public:
  explicit FootprintChecks(bool on);
  ~FootprintChecks();
  FootprintChecks(const FootprintChecks&) = delete;
  FootprintChecks& operator=(const FootprintChecks&) = delete;

 private:
  bool saved_;
};

}  // namespace dcsim::sim
