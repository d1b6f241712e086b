#include "train/force.h"

#include <cmath>
#include <sstream>

#include "linalg/vmath.h"
#include "net/euler.h"
#include "train/rls.h"
#include "util/rng.h"

namespace wmsweep {
namespace {

constexpr double kDivergedState = 1e6;  // |x| beyond this: tanh is saturated for good

// Where a network's inputs come from, drawn or given: one code path either way.
class InputFeed {
 public:
  InputFeed(const SeqMatchTask& task, uint64_t key, int n_train, const TrainingSequence* given)
      : task_(&task), given_(given), samples_key_(mix(key, tag("train.samples"))) {
    if (!given) types_ = SeqMatchTask::balanced_types(mix(key, tag("train.types")), n_train);
  }
  int type(int trial) const { return given_ ? given_->types[trial] : types_[trial]; }
  // u (2) at global step s, which is step `step` of trial `trial`
  void input(int trial, int step, int64_t s, double* u) const {
    if (given_) {
      u[0] = given_->u[2 * s];
      u[1] = given_->u[2 * s + 1];
    } else {
      task_->input(type(trial), task_->timing().period(step), samples_key_,
                  static_cast<uint64_t>(s), u);
    }
  }

 private:
  const SeqMatchTask* task_;
  const TrainingSequence* given_;
  uint64_t samples_key_;
  std::vector<int> types_;
};

struct Member {
  TrainJob* job;
  InputFeed feed;
  Rls p_o, p_d;  // modified FORCE: one per readout; plain FORCE uses p_o for all three
  std::vector<double> w_all;  // plain FORCE: [w_o w_d] (n, 3)
  double z = 0, zd[2] = {0, 0};
};

std::string describe_divergence(int trial, double worst) {
  std::ostringstream s;
  s << "diverged during training trial " << trial << ": |x| reached " << worst;
  return s.str();
}

}  // namespace

TrainingSequence draw_training_sequence(const SeqMatchTask& task, uint64_t key, int n_train) {
  InputFeed feed(task, key, n_train, nullptr);
  const int T = task.timing().trial();
  TrainingSequence seq;
  seq.types.resize(static_cast<size_t>(n_train));
  seq.u.resize(static_cast<size_t>(n_train) * T * 2);
  for (int t = 0; t < n_train; ++t) {
    seq.types[t] = feed.type(t);
    for (int j = 0; j < T; ++j) {
      const int64_t s = static_cast<int64_t>(t) * T + j;
      feed.input(t, j, s, &seq.u[2 * s]);
    }
  }
  return seq;
}

void train_group(const SeqMatchTask& task, const TrainConfig& config,
                 const linalg::PackedMatrix& J, std::vector<TrainJob>& jobs,
                 const std::function<void(int)>& progress) {
  if (jobs.empty()) return;
  const int n = jobs.front().weights->n;
  const size_t un = static_cast<size_t>(n);
  const bool plain = config.method == "force";
  const double h = task.dt_over_tau();
  const Timing& timing = task.timing();
  const int T = timing.trial();

  std::vector<Member> members;
  members.reserve(jobs.size());
  for (TrainJob& job : jobs) {
    job.readouts.w_o.assign(un, 0.0);
    job.readouts.w_d.assign(2 * un, 0.0);
    job.failed = false;
    job.reason.clear();
    Member m{&job, InputFeed(task, job.key, config.n_train, job.given), {}, {}, {}};
    m.p_o = Rls(n, config.alpha);
    if (plain) m.w_all.assign(3 * un, 0.0);
    else m.p_d = Rls(n, config.alpha);
    members.push_back(std::move(m));
  }

  // Columns of X, R, JR belong to the members still training, in `members` order.
  size_t G = members.size();
  linalg::AlignedVector X(un * G), R(un * G), JR(un * G);
  for (size_t k = 0; k < G; ++k) {
    const Weights& w = *members[k].job->weights;
    std::copy(w.x0.begin(), w.x0.end(), X.begin() + k * un);
    linalg::tanh_into(&X[k * un], &R[k * un], un);
  }

  const int every = config.update_every;
  for (int trial = 0; trial < config.n_train && G > 0; ++trial) {
    for (int step = 0; step < T; ++step) {
      const int64_t s = static_cast<int64_t>(trial) * T + step;
      linalg::matmul(J, R.data(), n, static_cast<int>(G), JR.data(), n);
      const bool update = plain ? s >= 1 : (s % every == 0 && s >= every);
      const Period period = timing.period(step);
      for (size_t k = 0; k < G; ++k) {
        Member& m = members[k];
        const Weights& w = *m.job->weights;
        Readouts& ro = m.job->readouts;
        double* x = &X[k * un];
        double* r = &R[k * un];
        double u[2];
        m.feed.input(trial, step, s, u);
        euler_feedback_forward(n, h, w.g, &JR[k * un], w.w_f.data(), m.z, w.w_fd.data(), m.zd,
                               w.w_i.data(), u, x, r);
        if (!update) {
          readout_forward(n, 1, ro.w_o.data(), ro.w_d.data(), r, &m.z, m.zd);
          continue;
        }
        const int type = m.feed.type(trial);
        double zd_target[2];
        const bool memory = task.memory_target(type, period, zd_target);
        const bool output = period == Period::response;
        if (plain) {
          // one P serves all three readouts: they are updated at the same steps
          readout_forward(n, 1, m.w_all.data(), m.w_all.data() + un, r, &m.z, m.zd);
          const double e[3] = {m.z - (output ? task.output_target(type) : 0.0),
                               m.zd[0] - (memory ? zd_target[0] : 0.0),
                               m.zd[1] - (memory ? zd_target[1] : 0.0)};
          m.p_o.update(r, e, 3, m.w_all.data());
          continue;
        }
        readout_forward(n, 1, ro.w_o.data(), ro.w_d.data(), r, &m.z, m.zd);
        if (memory) {
          const double e[2] = {m.zd[0] - zd_target[0], m.zd[1] - zd_target[1]};
          m.p_d.update(r, e, 2, ro.w_d.data());
        }
        if (output) {
          const double e = m.z - task.output_target(type);
          m.p_o.update(r, &e, 1, ro.w_o.data());
        }
      }
    }
    // A network that diverged stops here with its reason; the others go on, unaffected
    // (a column's product never depends on its neighbours).
    for (size_t k = 0; k < G;) {
      double worst = 0;
      bool finite = true;
      for (size_t i = 0; i < un; ++i) {
        const double v = X[k * un + i];
        finite &= std::isfinite(v);
        worst = std::max(worst, std::fabs(v));
      }
      const Readouts& ro = members[k].job->readouts;
      for (double v : ro.w_o) finite &= std::isfinite(v);
      if (finite && worst < kDivergedState) {
        ++k;
        continue;
      }
      TrainJob& job = *members[k].job;
      job.failed = true;
      job.reason = finite ? describe_divergence(trial, worst)
                          : "diverged during training trial " + std::to_string(trial) +
                                ": state or readout is not finite";
      --G;
      if (k != G) {
        std::swap(members[k], members[G]);
        std::copy_n(&X[G * un], un, &X[k * un]);
        std::copy_n(&R[G * un], un, &R[k * un]);
      }
      members.pop_back();
    }
    if (progress) progress(trial + 1);
  }

  for (size_t k = 0; k < members.size(); ++k) {
    TrainJob& job = *members[k].job;
    if (plain) {
      job.readouts.w_o.assign(members[k].w_all.begin(), members[k].w_all.begin() + un);
      job.readouts.w_d.assign(members[k].w_all.begin() + un, members[k].w_all.end());
    }
    job.x.assign(X.begin() + k * un, X.begin() + (k + 1) * un);
    job.r.assign(R.begin() + k * un, R.begin() + (k + 1) * un);
  }
}

}  // namespace wmsweep
