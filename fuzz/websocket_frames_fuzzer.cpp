// WebSocket frames from a client, through the real server: each input opens a fresh loopback
// connection to an HttpServer, upgrades it (a valid handshake, always), then sends frames
// built from the input to a handler shaped like the products' sockets (a JSON "type" per
// frame, a FloodGuard counting messages and pings, replies and closes). The input decides
// every header bit, the masking, the declared length and the payload, so fragmentation,
// control frames in the middle of a message, bad opcodes, reserved bits, unmasked frames,
// oversized and truncated frames are all reachable; a record may also be raw bytes. The
// harness reads until the server closes; a crash, a sanitizer report or a hang is a finding.

#include <boost/json/parse.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz/loopback_server.hpp"
#include "platform/core/clock.hpp"
#include "platform/net/flood_guard.hpp"

namespace net = platform::net;
using boost::asio::awaitable;

namespace {

class JsonFramesHandler final : public net::WebSocketHandler {
 public:
  awaitable<void> OnOpen(std::shared_ptr<net::WebSocket> socket) override {
    socket_ = std::move(socket);
    socket_->Send(net::MakePayload(R"({"type":"welcome"})"));
    co_return;
  }
  awaitable<void> OnMessage(std::string message) override {
    if (guard_.Admit(*socket_, platform::NowMillis()) != net::FloodGuard::Verdict::kAllow) {
      co_return;
    }
    boost::system::error_code ec;
    const auto frame = boost::json::parse(message, ec);
    const auto* type = !ec && frame.is_object() ? frame.as_object().if_contains("type") : nullptr;
    if (type == nullptr || !type->is_string()) {
      socket_->Send(net::MakePayload(R"({"type":"error","code":"VALIDATION_001"})"));
    } else if (type->as_string() == "close") {
      socket_->Close(4000, "asked to");
    } else {
      socket_->Send(net::MakePayload(message));  // echo
    }
  }
  void OnPing() override { guard_.Admit(*socket_, platform::NowMillis()); }
  void OnClose(std::uint16_t) override { socket_.reset(); }

 private:
  std::shared_ptr<net::WebSocket> socket_;
  net::FloodGuard guard_{{.per_second = 50, .burst = 100, .max_refused_in_a_row = 20},
                         platform::NowMillis()};
};

struct Harness {
  Harness() {
    loopback.router.Add({.method = net::Method::kGet,
                         .pattern = "/ws",
                         .websocket = [](net::Request&) -> awaitable<net::WebSocketAcceptResult> {
                           co_return std::make_shared<JsonFramesHandler>();
                         },
                         .websocket_options = {.max_message_bytes = 4096,
                                               .max_queued_messages = 64,
                                               .max_queued_bytes = 64 * 1024,
                                               .idle_timeout = std::chrono::seconds(2),
                                               .handshake_timeout = std::chrono::seconds(1)}});
    // Sockets still closing when the run ends finish their handshake first.
    loopback.Start(fuzzing::QuickServerOptions(std::chrono::seconds(3)));
  }
  fuzzing::LoopbackServer loopback;
};

// Reads input bytes in order; past the end, zeros.
struct Reader {
  const std::uint8_t* data;
  std::size_t size, at = 0;
  bool done() const { return at >= size; }
  std::uint8_t Byte() { return at < size ? data[at++] : 0; }
  std::string Bytes(std::size_t n) {
    n = std::min(n, size - std::min(at, size));
    std::string out(reinterpret_cast<const char*>(data + at), n);
    at += n;
    return out;
  }
};

// One record of the input as bytes for the wire. Control byte: bits 0-3 the opcode, bit 4
// FIN, bits 5-6 two of the reserved bits, bit 7 raw (the next length byte's worth of input
// goes out as is). Flags byte: bit 0 unmasked, bit 1 16-bit length form, bit 2 64-bit form,
// bit 3 declare more than is sent (a truncated frame). Then a length byte and the payload.
std::string NextRecord(Reader& in) {
  const std::uint8_t control = in.Byte();
  if (control & 0x80) return in.Bytes(in.Byte());
  const std::uint8_t flags = in.Byte();
  const std::string payload = in.Bytes(in.Byte());
  std::uint64_t declared = payload.size() + ((flags & 0x08) ? 1 + in.Byte() : 0);
  std::string frame;
  frame +=
      static_cast<char>(((control & 0x10) ? 0x80 : 0) | ((control & 0x60) >> 1) | (control & 0x0F));
  const char mask_bit = (flags & 0x01) ? 0 : static_cast<char>(0x80);
  if (flags & 0x04) {
    frame += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame += static_cast<char>((declared >> shift) & 0xFF);
    }
  } else if ((flags & 0x02) || declared > 125) {
    declared = std::min<std::uint64_t>(declared, 0xFFFF);
    frame += static_cast<char>(mask_bit | 126);
    frame += static_cast<char>((declared >> 8) & 0xFF);
    frame += static_cast<char>(declared & 0xFF);
  } else {
    frame += static_cast<char>(mask_bit | static_cast<char>(declared));
  }
  std::string body = payload;
  if (mask_bit) {
    const std::uint8_t key[4] = {in.Byte(), in.Byte(), in.Byte(), in.Byte()};
    frame.append(reinterpret_cast<const char*>(key), 4);
    for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(body[i] ^ key[i % 4]);
  }
  return frame + body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  fuzzing::Connection connection(harness.loopback.port);
  if (connection.ok() && connection.Send(fuzzing::UpgradeRequest("/ws"))) {
    connection.ReadHead();  // the 101, so the frames below meet an open socket
    Reader in{data, size};
    std::string wire;
    while (!in.done()) wire += NextRecord(in);
    connection.Send(wire);
    connection.FinishAndDrain();
  }
  return 0;
}
