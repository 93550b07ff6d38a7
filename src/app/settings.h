// Where a command's settings come from, strongest first: its flags, the
// environment (DOMA_LISTEN, DOMA_DB, DOMA_KEY_FILE, DOMA_HOME), the
// configuration file (--config, DOMA_CONFIG, or /etc/doma/doma.conf when it
// exists), the defaults. The file holds the flags' own names, one
// `name = value` a line (docs/operations.md).
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/error.h"

namespace doma::app {

// The settings: what a flag and a line of the file may set.
boost::program_options::options_description SettingOptions();

// Adds the environment's and the file's settings to `vm`, below the command
// line already stored there. Sets `file` to the file read (empty: none).
// Fails naming the file and what is wrong with it (an unknown setting, a
// value of the wrong kind).
Status ReadSettings(boost::program_options::variables_map& vm,
                    const boost::program_options::options_description& settings, std::string& file);

// The settings in effect, one `name = value` a line, passwords and tokens
// masked.
std::string DescribeConfig(const Config& c, const std::string& file);

// "https://school.example" or "http://127.0.0.1:9000": a scheme, a host
// and a port, as Content-Security-Policy's frame-ancestors names a site.
bool IsWebOrigin(std::string_view origin);

// What is wrong with them, each a sentence an administrator can act on.
std::vector<std::string> CheckConfig(const Config& c);

}  // namespace doma::app
