// A synthetic catalog for benchmarks: any number of services in Russian (some
// with English names) that look like the seed — names of 2–8 words, a
// one-sentence short description, a description of 2–5 sentences — built from
// word lists and templates per leaf category (data/synthetic/vocabularies.json), with scopes,
// costs, audiences and platforms spread plausibly. Deterministic for a given seed (its own
// generator arithmetic, no std:: distributions), so two runs and two machines
// index the same text.
//
// Never shipped as data: `doma seed --synthetic N` and bench/search_bench.cpp
// use it to measure the catalog and its search at 100,000 services.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "domain/catalog/service.h"

namespace doma::tools {

// The word lists and templates of each leaf category.
struct Vocabularies;

// Reads data/synthetic/vocabularies.json (or another file of that shape); an
// error names the file and what is wrong with it.
Result<std::shared_ptr<const Vocabularies>> LoadVocabularies(const std::string& path);

// `count` services with ids syn-000001, syn-000002, … in the leaf categories
// of `categories` (those with a parent; a category without vocabulary of its
// own gets a generic one built from its name). `seq` is left 0 (storage
// assigns it); created_at and assured_at are set to dates in 2024–2026.
std::vector<catalog::Service> SyntheticServices(int count, unsigned seed,
                                                const std::vector<catalog::Category>& categories,
                                                const Vocabularies& vocabularies);

}  // namespace doma::tools
