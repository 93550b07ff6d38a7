// The server's open connections, kept so that descriptors never run out:
// a cap on connections in all and per client address, the longest-idle ones
// closed first to make room, and the idle ones closed at shutdown.
// Internal to the server; thread-safe.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace doma::http {

struct SessionState {
  enum Phase { kIdle, kReading, kHandling };  // between requests; reading one; answering it
  // Moves to `p` now (the phase's start orders who is closed first).
  void Enter(Phase p);

  bool alive = true;                           // touched only on the session's strand
  boost::beast::tcp_stream* stream = nullptr;  // set on the strand when the session starts
  boost::asio::any_io_executor executor;
  std::string address;
  std::atomic<int> phase{kReading};
  std::atomic<std::int64_t> since_ms{0};  // steady clock
  std::atomic<bool> closing{false};       // asked to close; no longer counted
};

class ConnectionTable {
 public:
  struct Limits {
    std::size_t total = 1000;
    std::size_t per_address = 250;
    std::vector<std::string> exempt;  // addresses with no per-address cap (our proxies)
  };
  void set_limits(Limits l);
  const Limits& limits() const { return limits_; }

  // Registers a connection from `address` that runs on `ex`. Where a cap is
  // reached, first closes that address's longest-idle connection, then
  // anyone's; null when every connection is busy (close the new one).
  std::shared_ptr<SessionState> Admit(const std::string& address, boost::asio::any_io_executor ex);
  void Remove(const std::shared_ptr<SessionState>& s);
  // Closes up to `n` connections that are not answering a request: idle
  // ones, longest idle first, then those slowest to send their request.
  // Returns how many it asked to close.
  std::size_t Shed(std::size_t n);
  // Closes every idle connection (at shutdown; the others close themselves
  // after their answer).
  void CloseIdle();
  std::size_t size() const;

 private:
  std::size_t ShedLocked(std::size_t n, const std::string* address);
  static void Close(const std::shared_ptr<SessionState>& s);

  Limits limits_;
  mutable std::mutex mu_;
  std::set<std::shared_ptr<SessionState>> open_;
};

}  // namespace doma::http
