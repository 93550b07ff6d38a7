// For tests: a service that passes validation, so that a test changes only
// what it is about.
#pragma once

#include <string>

#include "domain/catalog/service.h"

namespace doma::catalog {

// A pharmacy with delivery: every required field filled, one category
// ("medicines", under "health"), valid as it is.
inline Service SampleService(std::string id = "apteka") {
  Service s;
  s.id = std::move(id);
  s.name = "Аптека";
  s.short_description = "Лекарства с доставкой";
  s.description = "Первая строка.\nВторая строка.";
  s.url = "https://apteka.example/";
  s.organization = {"ООО Аптека", "https://apteka.example/", {}};
  s.scope = "federal";
  s.cost = "paid";
  s.categories = {"medicines"};
  s.audiences = {"everyone"};
  s.platforms = {"web"};
  s.languages = {"ru"};
  return s;
}

}  // namespace doma::catalog
