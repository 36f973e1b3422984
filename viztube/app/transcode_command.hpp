#pragma once

#include <string>
#include <vector>

namespace viztube {

// `viztube transcode SOURCE OUT_DIR`: makes the HLS ladder of a file exactly as the server's
// jobs do (same plan, same limits), without a server: for operators checking a file, and
// for bench/viztube/transcode. Prints the rungs and the time taken as JSON.
int TranscodeCommand(const std::vector<std::string>& args);

}  // namespace viztube
