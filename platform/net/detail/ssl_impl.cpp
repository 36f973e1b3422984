// Asio SSL compiled once (separate compilation, TOOLCHAIN.md), for outgoing HTTPS fetches.
#include <boost/asio/ssl/impl/src.hpp>
