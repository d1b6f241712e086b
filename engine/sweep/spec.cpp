#include "sweep/spec.h"

#include <algorithm>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "spec/section.h"
#include "studies/registry.h"
#include "util/errors.h"

#ifndef WMSWEEP_VERSION
#define WMSWEEP_VERSION "dev"
#endif

namespace wmsweep {

Spec parse_spec(const std::string& toml_text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << origin << ":" << e.source().begin.line << ":" << e.source().begin.column
        << ": not valid TOML: " << e.description();
    throw SpecError(msg.str());
  }

  Spec spec;
  spec.text = toml_text;
  Section top(&root, "", spec.settings);
  spec.name = top.choice("name", "sweep", {});
  std::vector<std::string> names;
  for (const Study* s : studies()) names.push_back(s->name());
  const Study& study = find_study(top.choice("study", names.front(), names));
  for (const std::string& section : study.sections()) top.accept(section);
  top.accept("adaptive");
  top.finish();
  spec.study = study.parse(root, spec.settings);
  spec.adaptive = parse_adaptive(root, *spec.study, spec.settings);
  return spec;
}

Spec load_spec(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw SpecError(path + ": is a folder; give a spec file (TOML), e.g. jobs/quickstart.toml");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecError(path + ": cannot read the spec file (does it exist?)");
  // a spec is a short text: read at most kMaxSpecBytes + 1 bytes (a device or a huge file
  // would otherwise be read until memory runs out)
  std::string text(kMaxSpecBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw SpecError(path + ": cannot read the spec file (a read error)");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxSpecBytes)
    throw SpecError(path + ": is larger than " + std::to_string(kMaxSpecBytes >> 20) +
                    " MiB; a spec is a short TOML file (is this the right file?)");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw SpecError(path + ": is empty; a spec names at least the sweep (name = \"…\"): see "
                    "jobs/quickstart.toml");
  Spec spec = parse_spec(text, path);
  // a file of comments only would silently run the default network (N = 1000, 3500 trials)
  if (toml::parse(text, path).empty())
    throw SpecError(path + ": holds no settings (only comments?); a spec names at least the "
                    "sweep (name = \"…\"): see jobs/quickstart.toml");
  return spec;
}

std::string input_files_digest(const Spec& spec) {
  const std::vector<std::pair<std::string, std::string>> files = spec.study->input_files();
  std::string out;
  for (const auto& [key, path] : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(key + " = " + path + ": cannot read the file");
    uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64: enough to tell an edited file apart
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      for (std::streamsize k = 0; k < in.gcount(); ++k) {
        h ^= static_cast<unsigned char>(buf[k]);
        h *= 0x100000001b3ull;
      }
      if (!in) break;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    out += key + " = " + path + ", fnv1a64 " + hex + "\n";
  }
  return out;
}

StoreHeader store_header(const Spec& spec, const std::string& shard, bool save_weights) {
  StoreHeader h;
  h.spec_text = spec.text;
  h.shard = shard;
  h.engine = std::string("wmsweep ") + WMSWEEP_VERSION;
  h.study = spec.study->study();
  h.inputs = input_files_digest(spec);
  h.grid_size = spec.grid().size();
  h.save_weights = save_weights;
  h.phases = spec.study->phases();
  h.axes = spec.study->curve_axes();
  spec.study->describe(h);
  return h;
}

std::vector<Column> sweep_columns(const Spec& spec, bool save_weights) {
  return store_columns(spec.study->grid_columns(), spec.study->phases(),
                       spec.study->columns(save_weights));
}

std::vector<Prefill> grid_prefill(const Grid& grid, const std::vector<int64_t>& jobs) {
  std::vector<Prefill> out(1 + grid.axes().size());
  out[0].column = "job";
  for (size_t a = 0; a < grid.axes().size(); ++a) out[a + 1].column = grid.axes()[a].name;
  for (int64_t job : jobs) {
    const GridPoint p = grid.point(job);
    out[0].wholes.push_back(job);
    for (size_t a = 0; a < grid.axes().size(); ++a) {
      const GridAxis& axis = grid.axes()[a];
      if (axis.whole) out[a + 1].wholes.push_back(p.whole(axis.name));
      else out[a + 1].reals.push_back(p.real(axis.name));
    }
  }
  return out;
}

void check_store_columns(const StoreReader& store, const Spec& spec, const std::string& path) {
  auto text = [rows = store.rows()](const std::vector<uint64_t>& shape) {
    std::string out = "(" + std::to_string(rows);
    for (uint64_t d : shape) out += ", " + std::to_string(d);
    return out + ")";
  };
  std::vector<std::string> required = {"job", "status", "reason", "session", "cost/seconds"};
  for (const Column& c : spec.study->grid_columns()) required.push_back(c.name);
  for (const Column& want : sweep_columns(spec, store.header().save_weights)) {
    const Column* held = store.find(want.name);
    // A study column a later engine added (trained/x) is missing from an older store: it still
    // reads, and a reader that needs the column says so when it reads it.
    if (!held && std::find(required.begin(), required.end(), want.name) == required.end()) continue;
    if (!held) throw InputError(path + ": store has no dataset " + want.name + " (damaged file?)");
    if (held->shape != want.shape)
      throw InputError(path + ": dataset " + want.name + " is " + text(held->shape) +
                       ", the schema says " + text(want.shape) + " (damaged file?)");
  }
}

std::vector<std::string> spec_differences(const Spec& before, const Spec& after) {
  auto split = [](const std::vector<std::string>& settings) {
    std::vector<std::pair<std::string, std::string>> kv;
    for (const std::string& line : settings) {
      const size_t eq = line.find(" = ");
      kv.emplace_back(line.substr(0, eq), line.substr(eq + 3));
    }
    return kv;
  };
  const auto a = split(before.settings), b = split(after.settings);
  std::vector<std::string> out;
  for (const auto& [key, value] : a) {
    auto it = std::find_if(b.begin(), b.end(), [&](const auto& p) { return p.first == key; });
    if (it == b.end()) out.push_back(key + ": " + value + " -> (gone)");
    else if (it->second != value) out.push_back(key + ": " + value + " -> " + it->second);
  }
  for (const auto& [key, value] : b)
    if (std::none_of(a.begin(), a.end(), [&](const auto& p) { return p.first == key; }))
      out.push_back(key + ": (new) -> " + value);
  return out;
}

std::vector<std::string> grid_extension(const Spec& before, const Spec& after) {
  const std::vector<std::string> diff = spec_differences(before, after);
  if (diff.empty() || before.study->study() != after.study->study()) return {};
  for (const std::string& d : diff)
    if (d.rfind("grid.", 0) != 0) return {};
  const std::vector<GridAxis>& a = before.study->axes();
  const std::vector<GridAxis>& b = after.study->axes();
  if (a.size() != b.size()) return {};
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].whole != b[i].whole || a[i].names != b[i].names) return {};
    for (size_t k = 0; k < a[i].size(); ++k) {
      bool found = false;
      for (size_t m = 0; m < b[i].size() && !found; ++m)
        found = a[i].whole ? a[i].wholes[k] == b[i].wholes[m]
                           : std::memcmp(&a[i].reals[k], &b[i].reals[m], sizeof(double)) == 0;
      if (!found) return {};
    }
  }
  return diff;
}

}  // namespace wmsweep
