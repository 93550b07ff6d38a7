#include "http/connections.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>

namespace doma::http {

namespace {
std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

void SessionState::Enter(Phase p) {
  since_ms = NowMs();
  phase = p;
}

void ConnectionTable::set_limits(Limits l) {
  std::lock_guard lock(mu_);
  limits_ = std::move(l);
}

std::shared_ptr<SessionState> ConnectionTable::Admit(const std::string& address,
                                                     boost::asio::any_io_executor ex) {
  auto s = std::make_shared<SessionState>();
  s->address = address;
  s->executor = std::move(ex);
  s->Enter(SessionState::kReading);
  std::lock_guard lock(mu_);
  std::size_t total = 0, mine = 0;
  for (const auto& o : open_) {
    if (o->closing) continue;
    ++total;
    if (o->address == address) ++mine;
  }
  bool exempt =
      std::find(limits_.exempt.begin(), limits_.exempt.end(), address) != limits_.exempt.end();
  if (!exempt && mine >= limits_.per_address) {
    if (ShedLocked(1, &address) == 0) return nullptr;
    --total;
  }
  if (total >= limits_.total && ShedLocked(1, nullptr) == 0) return nullptr;
  open_.insert(s);
  return s;
}

void ConnectionTable::Remove(const std::shared_ptr<SessionState>& s) {
  std::lock_guard lock(mu_);
  open_.erase(s);
}

std::size_t ConnectionTable::Shed(std::size_t n) {
  std::lock_guard lock(mu_);
  return ShedLocked(n, nullptr);
}

std::size_t ConnectionTable::ShedLocked(std::size_t n, const std::string* address) {
  std::vector<std::shared_ptr<SessionState>> candidates;
  for (const auto& o : open_)
    if (!o->closing && o->phase != SessionState::kHandling && (!address || o->address == *address))
      candidates.push_back(o);
  auto order = [](const auto& a, const auto& b) {
    int pa = a->phase, pb = b->phase;  // idle (0) before reading (1)
    return pa != pb ? pa < pb : a->since_ms < b->since_ms;
  };
  n = std::min(n, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n),
                    candidates.end(), order);
  for (std::size_t i = 0; i < n; ++i) Close(candidates[i]);
  return n;
}

void ConnectionTable::CloseIdle() {
  std::lock_guard lock(mu_);
  for (const auto& o : open_)
    if (o->phase == SessionState::kIdle) Close(o);
}

std::size_t ConnectionTable::size() const {
  std::lock_guard lock(mu_);
  return open_.size();
}

void ConnectionTable::Close(const std::shared_ptr<SessionState>& s) {
  s->closing = true;
  boost::asio::post(s->executor, [s] {
    if (s->alive && s->stream) s->stream->cancel();
  });
}

}  // namespace doma::http
