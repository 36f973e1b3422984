// Asio compiled once for the whole program (BOOST_ASIO_SEPARATE_COMPILATION): on 2 cores,
// header-only Asio in every translation unit costs minutes per build (TOOLCHAIN.md).
#include <boost/asio/impl/src.hpp>
