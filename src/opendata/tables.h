// HSDS 3.0's tabular form: one CSV per table and a datapackage.json that
// describes them (Frictionless Data). The table specifications below are the
// standard's own columns for the tables Doma reads and writes, with the
// rules a row must keep (required, format, enum, which table an id names).
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "opendata/hsds.h"

namespace doma::opendata {

struct FieldSpec {
  std::string_view name;
  std::string_view type = "string";  // string | number | integer
  std::string_view format;           // "" | uuid | uri | email | date | date-time
  bool required = false;
  std::vector<std::string_view> allowed;  // an enum, when not empty
  std::string_view refers_to;             // the table an id must name ("" = none checked)
};

struct TableSpec {
  std::string_view name;  // the resource: "service"
  std::string_view file;  // "services.csv"
  std::vector<FieldSpec> fields;
};

// The tables Doma publishes and imports, in the order they are written.
const std::vector<TableSpec>& TableSpecs();
const TableSpec* FindTable(std::string_view file);

// A JSON scalar as a CSV cell: strings as they are, numbers and booleans
// written out, null and containers empty.
std::string ScalarText(const boost::json::value& v);

// One row: column name -> value as written in the CSV (absent = empty).
using Row = std::map<std::string, std::string, std::less<>>;
struct Table {
  const TableSpec* spec = nullptr;
  std::vector<Row> rows;
  std::vector<std::string> where;  // per row: "services.csv, строка 3" or "services[2].phones[0]"
};

// The whole catalog as tables (file name -> table), from a snapshot.
std::map<std::string, Table> ToTables(const Snapshot& snap, const Publisher& publisher);

// RFC 4180 CSV (libcsv): the header then the rows, in the spec's column order.
std::string WriteCsv(const Table& t);
// Parses a CSV with a header line. Fails on malformed quoting, naming the line.
Result<Table> ReadCsv(const std::string& file_name, const std::string& text);

// datapackage.json for these tables.
std::string DatapackageJson(const std::map<std::string, Table>& tables, const Publisher& publisher);

// The datapackage as files: name -> contents (datapackage.json and the CSVs).
std::map<std::string, std::string> DatapackageFiles(const Snapshot& snap,
                                                    const Publisher& publisher);

// A ZIP archive of these files (libarchive), in memory.
Result<std::string> Zip(const std::map<std::string, std::string>& files);

// Every service, full, as one JSON array (the compiled service_package form).
std::string ServicePackageJson(const Snapshot& snap, const Publisher& publisher);

}  // namespace doma::opendata
