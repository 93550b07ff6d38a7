// Prometheus metrics kept in process: requests by route and status, a request
// latency histogram, a search latency histogram, and gauges read on scrape.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace doma::http {

class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                     0.01,   0.025,   0.05,   0.1,   0.5,    2.5};
  void Observe(double seconds);
  void Render(std::string& out, const std::string& name, const std::string& help) const;

 private:
  std::array<std::atomic<unsigned long long>, kBounds.size() + 1> buckets_{};
  std::atomic<unsigned long long> count_{0};
  std::atomic<unsigned long long> sum_micros_{0};
};

class Metrics {
 public:
  void ObserveRequest(const std::string& route, int status, double seconds);
  void ObserveSearch(double seconds) { search_.Observe(seconds); }
  // A gauge evaluated on each scrape.
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  // A counter kept elsewhere (only ever grows while the process runs), read
  // on each scrape: rate() applies to it.
  void AddCounter(std::string name, std::string help, std::function<double()> read);
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, unsigned long long> requests_;
  Histogram latency_;
  Histogram search_;
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
    const char* type = "gauge";
  };
  std::vector<Gauge> gauges_;
};

}  // namespace doma::http
