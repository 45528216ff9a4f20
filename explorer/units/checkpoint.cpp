#include "explorer/units/checkpoint.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "explorer/units/unit_files.hpp"

namespace dcsim::explorer {

using Json = nlohmann::ordered_json;

namespace {
const char* kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

// Removes the temporary file on every way out but the rename.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (created_) ::unlink(path_.c_str());
  }
  // A PATH.tmp left by a run killed while writing (Slurm's requeue may
  // SIGKILL a task mid-write) is removed; one whose writer still holds its
  // lock, or that is not a regular file, is not ours and is left alone.
  void create() {
    remove_stale();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) {
      const int e = errno;
      throw UnitsError(e == EEXIST ? already_there() : fmt::format("{}: cannot create it: {}", path_, std::strerror(e)));
    }
    created_ = true;
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) throw UnitsError(already_there());
  }
  void write(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw UnitsError(fmt::format("{}: cannot write it: {}", path_, std::strerror(errno)));
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_) != 0) throw UnitsError(fmt::format("{}: cannot write it: {}", path_, std::strerror(errno)));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw UnitsError(fmt::format("{}: cannot write it: {}", path_, std::strerror(errno)));
  }
  void rename_to(const std::string& target) {
    if (std::rename(path_.c_str(), target.c_str()) != 0)
      throw UnitsError(fmt::format("{}: cannot rename it to {}: {}", path_, target, std::strerror(errno)));
    created_ = false;
  }

 private:
  std::string already_there() const {
    return fmt::format("{}: already there and another run is writing it (two runs with one checkpoint?): "
                       "expected to create it",
                       path_);
  }
  void remove_stale() const {
    struct stat st {};
    if (::lstat(path_.c_str(), &st) != 0) return;  // none: the usual case
    if (!S_ISREG(st.st_mode))
      throw UnitsError(fmt::format("{}: already there and {}: expected to create it; remove it", path_,
                                   kind_of(st.st_mode)));
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return;  // gone meanwhile, or not ours to read: O_EXCL decides
    const bool stale = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (stale) ::unlink(path_.c_str());
    ::close(fd);
    if (!stale) throw UnitsError(already_there());
  }

  std::string path_;
  int fd_ = -1;
  bool created_ = false;
};

const Json& member(const Json& c, const char* key, const std::string& file, const char* expected) {
  if (!c.contains(key)) throw UnitsError(fmt::format("{}: /{}: missing; expected {}", file, key, expected));
  return c.at(key);
}
}  // namespace

void check_checkpoint_target(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;  // a new file
    throw UnitsError(fmt::format("{}: cannot use it as a checkpoint: {}", path, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode))
    throw UnitsError(fmt::format("{}: {}; a checkpoint is written only to a regular file or a new path", path,
                                 kind_of(st.st_mode)));
}

void write_checkpoint(const std::string& path, const Json& key, const std::optional<Shard>& shard,
                      const UnitResults& results, std::size_t units) {
  check_checkpoint_target(path);
  Json j;
  j["dcsim_checkpoint"] = 1;
  j["search"] = key;
  j["shard"] = shard_json(shard);
  j["done"] = units_to_json(results);
  Json remaining = Json::array();
  for (std::size_t k = 0; k < units; ++k)
    if (!results.count(k) && (!shard || shard->has(k))) remaining.push_back(k);
  j["remaining"] = remaining;
  TempFile tmp(path + ".tmp");
  tmp.create();
  tmp.write(j.dump(1) + "\n");
  check_checkpoint_target(path);  // again: it may have changed while we wrote
  tmp.rename_to(path);
}

UnitResults read_checkpoint(const std::string& path, const Json& key, const std::optional<Shard>& shard,
                            std::size_t units) {
  const Json c = parse_json_file(path);
  if (!c.is_object() || !c.contains("dcsim_checkpoint") || c["dcsim_checkpoint"] != 1)
    throw UnitsError(fmt::format("{}: not a dcsim checkpoint (expected an object with \"dcsim_checkpoint\": 1)", path));
  const Json& search = member(c, "search", path, "the search it checkpoints");
  const std::optional<Shard> written = shard_from_json(member(c, "shard", path, "null or {\"index\": I, \"count\": N}"),
                                                       path, "/shard", true);
  if (search != key)
    throw UnitsError(fmt::format("{}: a checkpoint of another search: the scenario, its options or --split "
                                 "differ; resume with the same options as the run that wrote it",
                                 path));
  if (written != shard)
    throw UnitsError(fmt::format("{}: written by a run with {}; resume with the same --shard", path,
                                 written ? "--shard " + to_string(*written) : "no --shard"));
  UnitResults done = units_from_json(member(c, "done", path, "an array of work units"), path, "/done");
  for (const auto& [k, r] : done) {
    if (k >= units) throw UnitsError(fmt::format("{}: /done: unit {} does not exist ({} units)", path, k, units));
    if (shard && !shard->has(k))
      throw UnitsError(fmt::format("{}: /done: unit {} is not in shard {}", path, k, to_string(*shard)));
  }
  return done;
}

}  // namespace dcsim::explorer
