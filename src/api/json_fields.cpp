#include "api/json_fields.h"

#include <cctype>

namespace doma::api {

std::optional<long long> StrictId(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  long long v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  if (v <= 0) return std::nullopt;
  return v;
}

Result<BodyArgs> ReadFields(const boost::json::object& body, const std::vector<BodyField>& fields) {
  Fields in(body);
  BodyArgs out;
  for (const auto& f : fields) {
    switch (f.kind) {
      case BodyField::kText: out.push_back(in.Text(f.name)); break;
      case BodyField::kScalar: out.push_back(in.Scalar(f.name)); break;
      case BodyField::kId:
        long long id = in.Id(f.name);
        out.push_back(id ? std::to_string(id) : "");
        break;
    }
  }
  if (!in.errors().empty()) return Fail(in.errors().front());
  return out;
}

}  // namespace doma::api
