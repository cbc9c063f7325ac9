// The file-system fault shim (tests/hardening/fs_fault_shim.cc) for tests that run the pressoir
// executable under it: where it is, and the environment that loads and configures it.
#ifndef PRESSOIR_TESTS_SUPPORT_FAULT_SHIM_H_
#define PRESSOIR_TESTS_SUPPORT_FAULT_SHIM_H_

#include <cstdlib>
#include <map>
#include <string>

namespace pressoir::testing {

// The shim: built by CMake (tests/hardening/CMakeLists-snippet.txt), or named by the
// PRESSOIR_FS_FAULT_SHIM environment variable. Empty when neither.
inline std::string FaultShimPath() {
  if (const char* path = std::getenv("PRESSOIR_FS_FAULT_SHIM")) return path;
#ifdef PRESSOIR_FS_FAULT_SHIM
  return PRESSOIR_FS_FAULT_SHIM;
#else
  return "";
#endif
}

// The environment that makes the shim fail (or, with `error` "KILL", SIGKILL the process at)
// the file operations under `directory` from the `after`-th on, logging them to `log` when set;
// with `ops` ("fdatasync", or names separated by commas) only those operations count.
inline std::map<std::string, std::string> FaultShimEnvironment(const std::string& directory, const std::string& error,
                                                               long after, const std::string& log = "",
                                                               const std::string& ops = "") {
  std::map<std::string, std::string> environment;
  environment["LD_PRELOAD"] = FaultShimPath();
  // The shim comes before the ASan runtime in the library list; tell ASan that is fine.
  const char* asan = std::getenv("ASAN_OPTIONS");
  environment["ASAN_OPTIONS"] = std::string(asan != nullptr ? asan : "") + ":verify_asan_link_order=0";
  environment["PRESSOIR_FAULT_DIR"] = directory;
  environment["PRESSOIR_FAULT_ERRNO"] = error;
  environment["PRESSOIR_FAULT_AFTER"] = std::to_string(after);
  if (!log.empty()) environment["PRESSOIR_FAULT_LOG"] = log;
  if (!ops.empty()) environment["PRESSOIR_FAULT_OPS"] = ops;
  return environment;
}

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_FAULT_SHIM_H_
