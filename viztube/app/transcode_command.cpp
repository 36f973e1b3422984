#include "viztube/app/transcode_command.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "viztube/transcoding/transcoder.hpp"

namespace viztube {

namespace json = boost::json;

int TranscodeCommand(const std::vector<std::string>& args) {
  if (args.size() != 2) {
    std::cerr << "usage: viztube transcode SOURCE OUT_DIR\n";
    return 2;
  }
  const std::filesystem::path source = args[0], out_dir = args[1];
  try {
    if (std::filesystem::exists(out_dir) && !std::filesystem::is_empty(out_dir)) {
      std::cerr << "viztube transcode: " << out_dir << " is not empty\n";
      return 2;
    }
    std::filesystem::create_directories(out_dir);
    const transcoding::Transcoder transcoder;
    const auto started = std::chrono::steady_clock::now();
    const auto info = transcoder.Probe(source);
    const auto made = transcoder.Run(source, info, out_dir, [](double) { return true; });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::vector<transcoding::Variant> variants;
    json::array rungs;
    for (auto it = made.rungs.rbegin(); it != made.rungs.rend(); ++it) {
      variants.push_back(it->variant);
      rungs.push_back(json::object{{"height", it->rung.height},
                                   {"width", it->rung.width},
                                   {"copy", it->rung.copy},
                                   {"bandwidth", it->variant.bandwidth},
                                   {"averageBandwidth", it->variant.average_bandwidth},
                                   {"duration", it->duration}});
    }
    std::ofstream(out_dir / "master.m3u8", std::ios::trunc)
        << transcoding::WriteMasterPlaylist(variants);
    std::cout << json::serialize(json::object{{"seconds", seconds},
                                              {"sourceDuration", info.duration},
                                              {"rungs", std::move(rungs)}})
              << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "viztube transcode: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace viztube
