// The stack budget of E4 threads: each modelled call charges its frame to
// the running thread, so deactivate_super() can tell how much stack ->kill_sb
// would have (seed 004: "it succeeds in running deactivate_super in a stack
// from with just short of 7500 bytes free"; Al Viro in the same thread: "can call
// deactivate_super and wind up taking 3k of stack space or more (David
// Chinner reports 5k for xfs)").
#pragma once
#include <cstdint>

namespace dcsim::model::e4 {

// x86_64 THREAD_SIZE in 3.14 (6538b8ea886e doubled it to 16 KiB in 3.15).
inline constexpr std::uint32_t kThreadSize = 8192;
// A kworker's stack in use when a work function starts: seed 004's worker
// had "just short of 7500 bytes free" of 8 KiB.
inline constexpr std::uint32_t kKworkerDepth = 700;
// In use when task_work_run() runs on the way back to user mode
// (syscall exit -> do_notify_resume -> task_work_run). An estimate.
inline constexpr std::uint32_t kReturnToUserDepth = 400;

// Frame sizes of the modelled calls: estimates of the era's x86_64 frames
// (not measured; small next to the depths the scenarios give).
inline constexpr std::uint32_t kPathPutFrame = 32;
inline constexpr std::uint32_t kMntputFrame = 32;
inline constexpr std::uint32_t kMntputNoExpireFrame = 48;
inline constexpr std::uint32_t kCleanupMntFrame = 32;
inline constexpr std::uint32_t kDeactivateSuperFrame = 48;
inline constexpr std::uint32_t kUmountFrame = 96;
inline constexpr std::uint32_t kFlushFilesystemFrame = 64;

}  // namespace dcsim::model::e4
