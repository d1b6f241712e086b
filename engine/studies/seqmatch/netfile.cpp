#include "studies/seqmatch/netfile.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>

#include "store/h5.h"
#include "util/errors.h"

namespace wmsweep {

void write_network_file(const std::string& path, const std::string& spec_text,
                        const SeqMatchConfig& spec, const NetworkResult& res,
                        const TrainingSequence* sequence) {
  h5::File f = h5::File::create(path);
  const SeqMatchPoint& p = res.point;
  f.attr("/", "schema", kNetFileSchema);
  f.write_text("/spec", spec_text);  // a dataset: an attribute holds at most 64 KB
  f.attr("/", "job", static_cast<long long>(p.job));
  f.attr("/", "seed", static_cast<long long>(p.seed));
  f.attr("/", "n", static_cast<long long>(p.n));
  for (auto [name, v] : {std::pair{"pg", p.pg}, {"in", p.in}, {"g", p.g}, {"fb", p.fb}})
    f.attr("/", name, v);
  f.attr("/", "status", res.ok ? "ok" : "failed");
  f.attr("/", "reason", res.reason);

  const Weights& w = res.weights;
  const int n = w.n;
  f.write_colmajor("/init/J", n, n, w.J->data());
  f.attr("/init/J", "g", w.g);
  f.write("/init/w_f", w.w_f);
  f.write_colmajor("/init/w_fd", n, 2, w.w_fd.data());
  f.write_colmajor("/init/w_i", n, 2, w.w_i.data());
  f.write("/init/x0", w.x0);
  if (sequence) {
    f.write("/train/types", sequence->types);
    f.write_rowmajor("/train/u", static_cast<int>(sequence->u.size() / 2), 2, sequence->u.data());
  }
  f.write("/trained/w_o", res.readouts.w_o);
  f.write_colmajor("/trained/w_d", n, 2, res.readouts.w_d.data());
  f.write("/trained/x", res.train_end);

  std::vector<double> seconds, peaks;
  std::string names;
  for (const PhaseCost& c : res.phases) {
    seconds.push_back(c.seconds);
    peaks.push_back(static_cast<double>(c.peak_bytes));
    names += (names.empty() ? "" : ",") + c.name;
  }
  f.write("/cost/seconds", seconds);
  f.write("/cost/peak_bytes", peaks);
  f.attr("/cost/seconds", "phases", names);
  if (res.has_fixed_points) {  // of the fixed_points phase: finding the points, their spectra
    f.attr("/cost/seconds", "fixed_points_find", res.fixed_points.seconds_find);
    f.attr("/cost/seconds", "fixed_points_eigen", res.fixed_points.seconds_eigen);
  }
  if (!res.ok) return;

  f.write_colmajor("/results/end_states", n, 4, res.end_states.data());
  if (!res.error.phasic.empty()) {
    f.write("/results/phasic",
            std::vector<double>{phasic_mean(res.error, 0), phasic_mean(res.error, 1)});
    f.write_rowmajor("/results/phasic_runs", 2, 16, res.error.phasic.data());
  }
  f.write("/results/error/thresholds", spec.test.thresholds);
  f.write("/results/error/rate", res.error.rate);
  f.write("/results/error/rmse", res.error.rmse);
  f.write("/results/error/study_rate", res.error.study_rate);
  f.write("/results/error/study_rmse", res.error.study_rmse);
  f.attr("/results/error", "trained", static_cast<long long>(res.trained));
  f.attr("/results/error", "probes_skipped", static_cast<long long>(res.skipped));
  if (res.has_longrun) {
    const LongRun& l = res.longrun;
    for (auto [v, s, lab] : {std::tuple{"a", &l.a, &l.label_a}, {"b", &l.b, &l.label_b}}) {
      const std::string g = std::string("/results/classify/") + v;
      f.write(g + "/mean", s->mean);
      f.write(g + "/var", s->var);
      f.write(g + "/last", s->last);
      f.attr(g, "label", mechanism_name(lab->mechanism));
      f.attr(g, "distinct", static_cast<long long>(lab->distinct));
    }
    std::vector<double> at(spec.analysis.speed_at.begin(), spec.analysis.speed_at.end());
    f.write("/results/speed/trials", at);
    f.write_colmajor("/results/speed/norm", static_cast<int>(at.size()), 4, l.speed.data());
  }
  if (res.has_fixed_points) {
    const FixedPointSet& set = res.fixed_points;
    const std::string g = "/results/fixed_points";
    const int count = static_cast<int>(set.points.size()), keep = spec.fixed_points.finder.keep;
    std::vector<double> x, q, eig;
    std::vector<int> kind, unstable, slow, hits, start_point, start_iterations;
    for (int p = 0; p < count; ++p) {
      const FixedPoint& fp = set.points[static_cast<size_t>(p)];
      x.insert(x.end(), fp.x.begin(), fp.x.end());
      q.push_back(fp.q);
      kind.push_back(static_cast<int>(fp.kind));
      unstable.push_back(fp.unstable);
      slow.push_back(fp.slow);
      hits.push_back(fp.starts);
      const std::vector<double> pairs = eigenvalue_pairs(fp, keep);
      eig.insert(eig.end(), pairs.begin(), pairs.end());
    }
    for (const StartOutcome& o : set.starts) {
      start_point.push_back(o.point);
      start_iterations.push_back(o.iterations);
    }
    f.write_colmajor(g + "/x", n, count, x.data());
    f.write(g + "/q", q);
    f.write(g + "/kind", kind);
    f.attr(g + "/kind", "names", point_kind_list());
    f.write(g + "/unstable", unstable);
    f.write(g + "/slow", slow);
    f.write(g + "/hits", hits);
    f.write_rowmajor(g + "/eigenvalues", count, 2 * keep, eig.data());
    f.attr(g + "/eigenvalues", "layout", "(point, keep·2): Re, Im of each, largest Re first");
    f.write(g + "/start_point", start_point);
    f.write(g + "/start_iterations", start_iterations);
    f.attr(g, "scale", set.scale);
    f.attr(g, "iterations", static_cast<long long>(set.iterations));
    std::vector<int> point, mkind, focus;
    std::vector<double> distance, fraction;
    for (const MemorySite& m : res.memories) {
      point.push_back(m.point);
      mkind.push_back(m.point < 0 ? -1 : static_cast<int>(m.kind));
      distance.push_back(m.point < 0 ? std::nan("") : m.distance);
      fraction.push_back(m.point < 0 ? std::nan("") : m.slow_fraction);
      focus.push_back(m.focus ? 1 : 0);
    }
    f.write("/results/memory/point", point);
    f.write("/results/memory/kind", mkind);
    f.write("/results/memory/distance", distance);
    f.write("/results/memory/slow_fraction", fraction);
    f.write("/results/memory/focus", focus);
    f.attr("/results/memory", "label", mechanism_name(res.dynamics));
  }
  for (auto [has, curve, name, xname] :
       {std::tuple{res.has_robustness, &res.robustness, "robustness", "sigma"},
        {res.has_forgetting, &res.forgetting, "forgetting", "d"}}) {
    if (!has) continue;
    const std::string g = std::string("/results/") + name;
    f.write(g + "/" + xname, curve->x);
    f.write(g + "/fail_end", curve->fail_end);
    f.write(g + "/fail_settle", curve->fail_settle);
  }
}

Weights read_initial_weights(const std::string& path) {
  h5::File f = h5::File::open_read(path);
  Weights w;
  int rows, cols;
  auto J = std::make_shared<std::vector<double>>(f.read_colmajor("/init/J", rows, cols));
  if (rows != cols || rows < 2) throw InputError(path + ": /init/J must be square (n, n)");
  w.n = rows;
  w.J = J;
  w.g = f.attr_double("/init/J", "g");
  auto expect = [&](const std::vector<double>& v, size_t count, const char* name) {
    if (v.size() != count)
      throw InputError(path + ": " + name + " has " + std::to_string(v.size()) +
                       " values; expected " + std::to_string(count) + " for n = " +
                       std::to_string(rows));
    return v;
  };
  const size_t n = static_cast<size_t>(rows);
  w.w_f = expect(f.read_doubles("/init/w_f"), n, "/init/w_f");
  w.w_fd = expect(f.read_colmajor("/init/w_fd", rows, cols), 2 * n, "/init/w_fd");
  w.w_i = expect(f.read_colmajor("/init/w_i", rows, cols), 2 * n, "/init/w_i");
  w.x0 = expect(f.read_doubles("/init/x0"), n, "/init/x0");
  return w;
}

TrainingSequence read_training_sequence(const std::string& path) {
  h5::File f = h5::File::open_read(path);
  TrainingSequence s;
  s.types = f.read_ints("/train/types");
  const std::vector<hsize_t> dims = f.shape("/train/u");
  s.u = f.read_doubles("/train/u");  // (steps, 2) row-major, as the engine holds it
  if (dims.size() != 2 || dims[1] != 2) throw InputError(path + ": /train/u must have shape (steps, 2)");
  for (int t : s.types)
    if (t < 0 || t > 3) throw InputError(path + ": /train/types must hold values 0..3");
  return s;
}

LatentTable read_latent_table(const std::string& path) {
  h5::File f = h5::File::open_read(path);
  LatentTable t;
  int rows, cols;
  const std::vector<double> colmajor = f.read_colmajor("/latents", rows, cols);
  if (cols != 2) throw InputError(path + ": /latents must have shape (count, 2)");
  t.latents.resize(colmajor.size());
  for (int i = 0; i < rows; ++i) {
    t.latents[2 * i] = colmajor[i];
    t.latents[2 * i + 1] = colmajor[rows + i];
  }
  // read as numbers, so a label 0.7 is refused, not truncated to 0 by the type conversion
  const std::vector<double> labels = f.read_doubles("/labels");
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] != 0.0 && labels[i] != 1.0) {
      std::ostringstream v;
      v << labels[i];
      throw InputError(path + ": /labels[" + std::to_string(i) + "] = " + v.str() +
                       "; labels must be 0 or 1 (the two digit classes)");
    }
    t.labels.push_back(static_cast<int>(labels[i]));
  }
  return t;
}

LatentSource load_latent_source(const SeqMatchConfig& spec) {
  if (spec.task.latent == "file")
    return LatentSource::from_table(read_latent_table(spec.task.latent_file), spec.task.latent_file);
  return LatentSource::synthetic(spec.task.class_means, spec.task.class_std);
}

}  // namespace wmsweep
