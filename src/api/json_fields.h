// Reading a JSON body the way a form is read, for every API route that takes
// one: absent or null is empty, and a value of the wrong type is an error
// naming its field (a 400 listing them all), never a 500.
#pragma once

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace doma::api {

// Digits only and positive: "12abc", "+12", "0012x" name nothing.
std::optional<long long> StrictId(std::string_view s);

// Reads a JSON body the way a form is read: absent or null is empty, and a
// value of the wrong type is an error naming its field rather than a 500.
class Fields {
 public:
  explicit Fields(const boost::json::object& o, std::string prefix = "")
      : o_(o), prefix_(std::move(prefix)) {}

  std::string Text(std::string_view key) {
    const boost::json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return {};
    if (v->is_string()) return text::ToNfc(v->get_string());
    Wrong(key, "Ожидается строка.");
    return {};
  }

  // Numbers are welcome where the domain parses text ("54.31", 5, "512,40").
  std::string Scalar(std::string_view key) {
    const boost::json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_double()) return fmt::format("{}", v->get_double());
    Wrong(key, "Ожидается число или строка.");
    return {};
  }

  std::vector<std::string> Texts(std::string_view key) {
    std::vector<std::string> out;
    const boost::json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      Wrong(key, "Ожидается массив строк.");
      return out;
    }
    for (const auto& x : v->get_array()) {
      if (!x.is_string()) {
        Wrong(key, "Ожидается массив строк.");
        return {};
      }
      out.emplace_back(text::ToNfc(x.get_string()));
    }
    return out;
  }

  bool Flag(std::string_view key) {
    const boost::json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return false;
    if (v->is_bool()) return v->get_bool();
    Wrong(key, "Ожидается true или false.");
    return false;
  }

  // An account or request id: a positive integer, or its digits as a string.
  long long Id(std::string_view key) {
    const boost::json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return 0;
    if (v->is_int64() && v->get_int64() > 0) return v->get_int64();
    if (v->is_uint64() &&
        v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<long long>::max()))
      return static_cast<long long>(v->get_uint64());
    if (v->is_string())
      if (auto id = StrictId(v->get_string())) return *id;
    Wrong(key, "Ожидается номер — целое положительное число.");
    return 0;
  }

  const boost::json::object* Object(std::string_view key) {
    const boost::json::value* v = o_.if_contains(key);
    if (!v || v->is_null()) return nullptr;
    if (v->is_object()) return &v->get_object();
    Wrong(key, "Ожидается объект.");
    return nullptr;
  }

  bool Has(std::string_view key) const {
    const boost::json::value* v = o_.if_contains(key);
    return v && !v->is_null();
  }

  std::vector<Error>& errors() { return errors_; }

 private:
  void Wrong(std::string_view key, const char* message) {
    errors_.push_back(Error::Invalid(prefix_ + std::string(key), message));
  }

  const boost::json::object& o_;
  std::string prefix_;
  std::vector<Error> errors_;
};

// One field of a command's body, read as `kind` says.
struct BodyField {
  enum Kind { kText, kScalar, kId };
  const char* name;
  Kind kind = kText;
};
using BodyArgs = std::vector<std::string>;

// The `fields` of `body`, in order (text; a scalar as text; an id as its
// digits), "" for one absent; or the first field of the wrong type.
Result<BodyArgs> ReadFields(const boost::json::object& body, const std::vector<BodyField>& fields);

}  // namespace doma::api
