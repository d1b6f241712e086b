#pragma once
// A stop request from outside: SIGTERM, SIGINT or SIGUSR1 (what SLURM sends before a time
// limit, and what mpirun forwards to every rank). The handler only records it; the sweep
// loops look at it and wind down cleanly. A second signal says "now": the grace period ends.
namespace wmsweep {

void install_stop_handlers();
bool stop_requested();
int stop_signal();  // the signal that asked, 0 if none
bool stop_is_urgent();  // a second signal arrived
void request_stop(int signal);  // as if `signal` had arrived (tests, and a master's message)

}  // namespace wmsweep
