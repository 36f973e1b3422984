#pragma once

// Polls `done` until it holds or `limit` passes: how a test waits for work another thread
// (a job runner, a server) does at its own pace, without sleeping a fixed guess.

#include <chrono>
#include <thread>

namespace testing_support {

template <class Predicate>
bool Eventually(Predicate done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

}  // namespace testing_support
