// A row carrying a value for a column the store's schema lacks is refused before any byte of
// it is written (a pipeline bug must not lose a result silently).
// usage: check_row_keys STORE   (a complete store; row 0 is written over, so pass a copy)
#include <mpi.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "store/sweepstore.h"
#include "sweep/spec.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: check_row_keys STORE\n");
    return 2;
  }
  MPI_Init(&argc, &argv);
  int rc = 1;
  {
    // the columns the store's own spec declares
    std::string spec_text;
    {
      const wmsweep::StoreReader reader(argv[1]);
      spec_text = reader.header().spec_text;
    }
    const wmsweep::Spec spec = wmsweep::parse_spec(spec_text);
    std::vector<std::string> grid;
    for (const wmsweep::Column& c : spec.study->grid_columns()) grid.push_back(c.name);
    auto store = wmsweep::SweepStore::open_parallel(argv[1], MPI_COMM_WORLD,
                                                    wmsweep::sweep_columns(spec, false), grid);
    wmsweep::Row row;
    row.values["error/rmse"] = {0.0};
    row.values["no/such_column"] = {1.0, 2.0};
    row.status = 1;
    row.session = 9;
    try {
      store.write_row(0, row);
      std::fprintf(stderr, "FAIL: a row with an unknown column was written\n");
    } catch (const std::logic_error& e) {
      const std::string what = e.what();
      if (what.find("no column no/such_column") != std::string::npos) rc = 0;
      std::printf("%s\n", e.what());
    }
    store.close();
  }
  MPI_Finalize();
  return rc;
}
