// Content from the outside (API.md "Content"): uploads of real files made here (FFmpeg, a
// PDF, CSV), type by bytes, limits, processing to ready or failed, delivery with Range and
// ETag, signed links for screens, the library, URL content and data feeds. Every case runs on
// SQLite and on PostgreSQL.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>

#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

std::size_t BlobFiles(const fs::path& blobs) {
  std::size_t n = 0;
  if (!fs::exists(blobs)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(blobs)) {
    n += e.is_regular_file() && e.path().parent_path().filename() != "tmp" ? 1 : 0;
  }
  return n;
}

std::size_t TempFiles(const fs::path& blobs) {
  return FilesUnder(blobs / "tmp");
}

class ContentTest : public ServerBackendTest {
 protected:
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    admin_ = AccountFrom(Register("ada@example.com", "Acme"));
  }

  std::vector<std::string> ExtraServerArgs() const override {
    return {"--upload-limits", "spreadsheet=1MB"};
  }

  fs::path Blobs() const { return dir_.path() / "data" / "blobs"; }
  fs::path Sample(const std::string& name) const { return dir_.path() / name; }

  HttpResponse Upload(const std::string& filename, const std::string& bytes,
                      const std::string& declared_type = "", const std::string& title = "",
                      const std::string& tags = "") {
    std::vector<Part> parts;
    if (!title.empty()) parts.push_back({"title", title});
    if (!tags.empty()) parts.push_back({"tags", tags});
    parts.push_back({"file", bytes, filename, declared_type});
    return client_->Send(
        {"POST",
         "/api/v1/content",
         Multipart(parts),
         {{"Authorization", "Bearer " + admin_.token},
          {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
  }

  // Uploads and returns the new item (uploadStatus processing).
  json::object UploadOk(const std::string& filename, const std::string& bytes,
                        const std::string& title = "") {
    auto r = Upload(filename, bytes, "", title);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return {};
    return r.Json().at("content").as_object();
  }

  // Polls until processing has ended.
  json::object WaitProcessed(const std::string& id, std::chrono::milliseconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    json::object content;
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = Call("GET", "/api/v1/content/" + id);
      if (r.status != 200) return {};
      content = r.Json().at("content").as_object();
      if (content.at("uploadStatus") != "processing") return content;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "still processing: " << json::serialize(content);
    return content;
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return client_->Call(admin_.token, method, target, body);
  }
  HttpResponse Get(const std::string& target,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + admin_.token);
    return client_->Send({"GET", target, {}, std::move(headers)});
  }

  std::string Id(const json::object& content) { return std::string(content.at("id").as_string()); }

  // A sample made by LibreOffice itself, outside any sandbox, in the test's folder:
  // `arguments` are soffice's conversion flags and input file.
  void MakeWithLibreOffice(const std::string& arguments) {
    testing_support::Run("cd '" + dir_.path().string() +
                         "' && HOME=. soffice --headless --norestore "
                         "-env:UserInstallation=file://" +
                         (dir_.path() / "profile").string() + " " + arguments);
  }

  Account admin_;
};

TEST_P(ContentTest, AnImageBecomesReadyWithAnUprightThumbnail) {
  WsClient dashboard(server_->port(), "/ws/admin", {{"Authorization", "Bearer " + admin_.token}});
  ASSERT_TRUE(dashboard.Read());  // welcome
  MakeRotatedJpeg(Sample("phone.jpg"), 1920, 1080);
  const std::string jpeg = ReadFile(Sample("phone.jpg"));
  const auto created = UploadOk("phone.jpg", jpeg, "Lobby photo");
  ASSERT_FALSE(created.empty());
  EXPECT_EQ(created.at("uploadStatus"), "processing");
  EXPECT_EQ(created.at("type"), "image");
  EXPECT_EQ(created.at("title"), "Lobby photo");
  const auto& meta = created.at("metadata").as_object();
  EXPECT_EQ(meta.at("mimeType"), "image/jpeg");
  EXPECT_EQ(meta.at("size").as_int64(), static_cast<std::int64_t>(jpeg.size()));
  EXPECT_EQ(meta.at("sha256").as_string().size(), 64u);

  const auto ready = WaitProcessed(Id(created));
  EXPECT_EQ(ready.at("uploadStatus"), "ready");
  EXPECT_EQ(ready.at("metadata").at("width").as_int64(), 1080) << "EXIF orientation applied";
  EXPECT_EQ(ready.at("metadata").at("height").as_int64(), 1920);
  EXPECT_EQ(ready.at("thumbnail").as_string(), "/api/v1/content/" + Id(created) + "/thumbnail");

  // The dashboard heard it.
  bool heard = false;
  while (auto frame = dashboard.Read(5s)) {
    const auto v = json::parse(*frame);
    if (v.at("type") == "content:ready") {
      EXPECT_EQ(v.at("contentId"), Id(created).c_str());
      EXPECT_EQ(v.at("uploadStatus"), "ready");
      heard = true;
      break;
    }
  }
  EXPECT_TRUE(heard);

  const auto thumb = Get("/api/v1/content/" + Id(created) + "/thumbnail");
  EXPECT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.Header("content-type"), "image/jpeg");
  WriteFile(Sample("thumb.jpg"), thumb.body);
  EXPECT_LT(thumb.body.size(), jpeg.size());
}

TEST_P(ContentTest, FilesAreServedWithRangesAndEtags) {
  MakeImage(Sample("pic.png"), 640, 480);
  const std::string png = ReadFile(Sample("pic.png"));
  const auto created = UploadOk("pic.png", png);
  const std::string file = "/api/v1/content/" + Id(created) + "/file";
  const auto whole = Get(file);
  EXPECT_EQ(whole.status, 200);
  EXPECT_TRUE(whole.body == png);
  EXPECT_EQ(whole.Header("content-type"), "image/png");
  EXPECT_EQ(whole.Header("accept-ranges"), "bytes");
  const std::string etag = whole.Header("etag");
  EXPECT_EQ(etag, "\"" + std::string(created.at("metadata").at("sha256").as_string()) + "\"");
  EXPECT_EQ(Get(file, {{"If-None-Match", etag}}).status, 304);
  const auto part = Get(file, {{"Range", "bytes=10-19"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, png.substr(10, 10));
  EXPECT_EQ(Get(file, {{"Range", "bytes=99999999-"}}).status, 416);
  // Another organization sees nothing.
  const Account other = AccountFrom(Register("eve@example.com", "Other"));
  EXPECT_EQ(client_->Call(other.token, "GET", file).status, 404);
  EXPECT_EQ(client_->Call(other.token, "GET", "/api/v1/content/" + Id(created)).status, 404);
}

TEST_P(ContentTest, TheTypeIsDecidedByTheBytes) {
  // HTML that says it is a PNG, in name and declared type.
  auto html = Upload("photo.png", "<!DOCTYPE html><html><body><script>alert(1)</script></body>",
                     "image/png");
  EXPECT_EQ(html.status, 415) << html.body;
  EXPECT_EQ(ErrorCode(html), "CONTENT_003");
  EXPECT_EQ(html.Json().at("error").at("details").at("detectedType"), "text/html");
  // An executable named like a video.
  auto elf = Upload("movie.mp4", std::string("\x7f"
                                             "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                             16) +
                                     std::string(4096, '\0'));
  EXPECT_EQ(ErrorCode(elf), "CONTENT_003");
  // A real PNG named .jpg is an image all the same.
  MakeImage(Sample("real.png"), 32, 32);
  auto png = Upload("looks-like.jpg", ReadFile(Sample("real.png")), "image/jpeg");
  ASSERT_EQ(png.status, 201);
  EXPECT_EQ(png.Json().at("content").at("metadata").at("mimeType"), "image/png");
  WaitProcessed(std::string(png.Json().at("content").at("id").as_string()));
  // Presentations and Excel files without their converter say what to install.
  if (!fs::exists("/usr/bin/soffice") && !fs::exists("/usr/local/bin/soffice")) {
    MakeOfficeFile(Sample("deck.pptx"), "pptx");
    auto pptx = Upload("deck.pptx", ReadFile(Sample("deck.pptx")));
    EXPECT_EQ(ErrorCode(pptx), "CONTENT_003") << pptx.body;
    EXPECT_NE(pptx.body.find("LibreOffice"), std::string::npos);
    if (!fs::exists("/usr/bin/xlsx2csv")) {
      MakeOfficeFile(Sample("sheet.xlsx"), "xlsx");
      auto xlsx = Upload("sheet.xlsx", ReadFile(Sample("sheet.xlsx")));
      EXPECT_EQ(ErrorCode(xlsx), "CONTENT_003") << xlsx.body;
      EXPECT_NE(xlsx.body.find("xlsx2csv"), std::string::npos);
    }
  }
  EXPECT_EQ(TempFiles(Blobs()), 0u) << "refused uploads leave no temp files";
  EXPECT_EQ(BlobFiles(Blobs()), 2u) << "and no blobs: only the PNG and its thumbnail";
  EXPECT_EQ(Call("GET", "/api/v1/content").Json().at("items").as_array().size(), 1u);
}

TEST_P(ContentTest, LimitsAreEnforcedAsBytesArrive) {
  // The spreadsheet limit is 1 MB here: a 3 MB CSV is refused with the type's limit.
  std::string csv = "a,b\n";
  while (csv.size() < 3 * 1024 * 1024) csv += "1234567890,abcdefghij\n";
  const std::string body = Multipart({{"file", csv, "big.csv", "text/csv"}});
  // Sent whole at once: the server answers as soon as the limit is passed, and the client
  // still sees the answer although it is still sending.
  const std::string big = RawExchange(
      server_->port(),
      "POST /api/v1/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin_.token +
          "\r\nContent-Type: multipart/form-data; boundary=" + std::string(kBoundary) +
          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_TRUE(big.starts_with("HTTP/1.1 413")) << big.substr(0, 300);
  EXPECT_NE(big.find("CONTENT_002"), std::string::npos);
  EXPECT_NE(big.find("\"maxBytes\":1048576"), std::string::npos);
  // A body over the largest limit is refused from its Content-Length, unread.
  const std::string raw = RawExchange(
      server_->port(), "POST /api/v1/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                           admin_.token +
                           "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: "
                           "5000000000\r\n\r\n");
  EXPECT_NE(raw.find("413"), std::string::npos) << raw.substr(0, 200);
  EXPECT_NE(raw.find("CONTENT_002"), std::string::npos);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(TempFiles(Blobs()), 0u);
  EXPECT_EQ(BlobFiles(Blobs()), 0u);
  EXPECT_TRUE(Call("GET", "/api/v1/content").Json().at("items").as_array().empty());
}

TEST_P(ContentTest, ATruncatedUploadLeavesNothing) {
  MakeImage(Sample("pic.jpg"), 1280, 720);
  std::string body = Multipart({{"file", ReadFile(Sample("pic.jpg")), "pic.jpg", "image/jpeg"}});
  const std::string head =
      "POST /api/v1/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin_.token +
      "\r\nContent-Type: multipart/form-data; boundary=" + std::string(kBoundary) +
      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  // Half the body, then the client goes away.
  RawExchange(server_->port(), head + body.substr(0, body.size() / 2), 300ms);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (TempFiles(Blobs()) > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(TempFiles(Blobs()), 0u);
  EXPECT_EQ(BlobFiles(Blobs()), 0u);
  EXPECT_TRUE(Call("GET", "/api/v1/content").Json().at("items").as_array().empty());
  // Missing parts and bad forms are clear 400s.
  auto no_file = client_->Send(
      {"POST",
       "/api/v1/content",
       Multipart({{"title", "x"}}),
       {{"Authorization", "Bearer " + admin_.token},
        {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
  EXPECT_EQ(no_file.status, 400);
  EXPECT_EQ(no_file.Json().at("error").at("details").at("field"), "file");
  auto empty = Upload("empty.png", "");
  EXPECT_TRUE(empty.status == 415 || empty.status == 422) << empty.body;
}

TEST_P(ContentTest, EqualUploadsShareOneBlob) {
  MakeImage(Sample("same.png"), 64, 64);
  const std::string png = ReadFile(Sample("same.png"));
  const auto a = UploadOk("a.png", png);
  const auto b = UploadOk("b.png", png);
  EXPECT_NE(Id(a), Id(b));
  EXPECT_EQ(a.at("metadata").at("sha256"), b.at("metadata").at("sha256"));
  WaitProcessed(Id(a));
  WaitProcessed(Id(b));
  EXPECT_EQ(BlobFiles(Blobs()), 2u) << "the image once, its thumbnail once";
}

TEST_P(ContentTest, VideosGetTheirFactsAndAPoster) {
  MakeVideo(Sample("clip.mp4"), 3, 640, 360, 30);
  const auto mp4 = WaitProcessed(Id(UploadOk("clip.mp4", ReadFile(Sample("clip.mp4")))));
  EXPECT_EQ(mp4.at("uploadStatus"), "ready") << json::serialize(mp4);
  EXPECT_EQ(mp4.at("type"), "video");
  const auto& m = mp4.at("metadata");
  EXPECT_NEAR(m.at("duration").to_number<double>(), 3.0, 0.1);
  EXPECT_NEAR(m.at("frameRate").to_number<double>(), 30.0, 0.01);
  EXPECT_EQ(m.at("width").as_int64(), 640);
  EXPECT_EQ(m.at("codec"), "h264");
  EXPECT_EQ(Get("/api/v1/content/" + Id(mp4) + "/thumbnail").status, 200);

  MakeVideo(Sample("clip.webm"), 1, 320, 240);
  const auto webm = WaitProcessed(Id(UploadOk("clip.webm", ReadFile(Sample("clip.webm")))));
  EXPECT_EQ(webm.at("uploadStatus"), "ready");
  EXPECT_EQ(webm.at("metadata").at("container"), "webm");
}

TEST_P(ContentTest, PdfPagesBecomeImages) {
  MakePdf(Sample("deck.pdf"), 3);
  const auto pdf = WaitProcessed(Id(UploadOk("deck.pdf", ReadFile(Sample("deck.pdf")))));
  EXPECT_EQ(pdf.at("uploadStatus"), "ready") << json::serialize(pdf);
  EXPECT_EQ(pdf.at("metadata").at("pageCount").as_int64(), 3);
  for (int n = 1; n <= 3; ++n) {
    const auto page = Get("/api/v1/content/" + Id(pdf) + "/pages/" + std::to_string(n));
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.Header("content-type"), "image/jpeg");
  }
  EXPECT_EQ(Get("/api/v1/content/" + Id(pdf) + "/pages/4").status, 404);
  EXPECT_EQ(Get("/api/v1/content/" + Id(pdf) + "/pages/zero").status, 404);
  EXPECT_EQ(Get("/api/v1/content/" + Id(pdf) + "/thumbnail").status, 200);
}

TEST_P(ContentTest, DecodersRunOutsideTheServer) {
  // After an image, a video and a PDF were processed, the server itself has loaded none of
  // the decoding libraries: a file that takes its decoder over has only media-helper's
  // sandbox to play in (platform/media/helper_test.cpp holds what that sandbox refuses).
  MakeImage(Sample("a.jpg"), 64, 48);
  MakeVideo(Sample("v.mp4"), 1.0, 160, 120);
  MakePdf(Sample("d.pdf"), 1);
  for (const auto& [name, sample] :
       {std::pair{"a.jpg", "a.jpg"}, {"v.mp4", "v.mp4"}, {"d.pdf", "d.pdf"}}) {
    const auto item = WaitProcessed(Id(UploadOk(name, ReadFile(Sample(sample)))));
    EXPECT_EQ(item.at("uploadStatus"), "ready") << json::serialize(item);
  }
  const std::string maps = ReadFile("/proc/" + std::to_string(server_->pid()) + "/maps");
  ASSERT_FALSE(maps.empty());
  for (const char* library : {"libvips", "libavcodec", "libavformat", "libpoppler"}) {
    EXPECT_EQ(maps.find(library), std::string::npos) << library << " is in the server";
  }
}

TEST_P(ContentTest, PresentationsAndWorkbooksConvertInLibreOfficesSandbox) {
  if (!fs::exists("/usr/bin/soffice")) GTEST_SKIP() << "LibreOffice is not installed";
  // A real presentation and workbook, made by LibreOffice itself (outside any sandbox).
  MakeImage(Sample("slide.png"), 320, 240);
  WriteFile(Sample("sheet.csv"), "item,price\ncoffee,2.5\ntea,2\n");
  MakeWithLibreOffice(
      "--infilter=impress_png_Import --convert-to 'pptx:Impress MS PowerPoint 2007 XML' "
      "slide.png");
  MakeWithLibreOffice("--convert-to xlsx sheet.csv");

  const auto deck = WaitProcessed(Id(UploadOk("deck.pptx", ReadFile(Sample("slide.pptx")))), 60s);
  EXPECT_EQ(deck.at("uploadStatus"), "ready") << json::serialize(deck);
  EXPECT_EQ(deck.at("type"), "ppt");
  EXPECT_EQ(deck.at("metadata").at("pageCount").as_int64(), 1);
  const auto page = Get("/api/v1/content/" + Id(deck) + "/pages/1");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("content-type"), "image/jpeg");

  const auto sheet =
      WaitProcessed(Id(UploadOk("prices.xlsx", ReadFile(Sample("sheet.xlsx")))), 60s);
  EXPECT_EQ(sheet.at("uploadStatus"), "ready") << json::serialize(sheet);
  const auto table = Get("/api/v1/content/" + Id(sheet) + "/table").Json();
  EXPECT_EQ(table.at("rows").at(1).at(0), "tea");
  EXPECT_EQ(TempFiles(Blobs()), 0u) << "the conversions' scratch folders are gone";
}

TEST_P(ContentTest, OpenDocumentDamagedAndHugeOfficeFiles) {
  if (!fs::exists("/usr/bin/soffice")) GTEST_SKIP() << "LibreOffice is not installed";
  // Made by LibreOffice itself, outside any sandbox: an OpenDocument presentation and
  // spreadsheet, a PowerPoint deck to damage, and a workbook of 30,000 rows.
  MakeImage(Sample("slide.png"), 320, 240);
  WriteFile(Sample("menu.csv"), "item,price\ncoffee,2.5\ntea,2\n");
  std::string rows = "n,square\n";
  for (int i = 0; i < 30'000; ++i) rows += std::to_string(i) + "," + std::to_string(i * i) + "\n";
  WriteFile(Sample("squares.csv"), rows);
  MakeWithLibreOffice(
      "--infilter=impress_png_Import --convert-to 'pptx:Impress MS PowerPoint 2007 XML' "
      "slide.png");
  // From the deck: a picture imported straight to ODF would be a drawing, not a presentation.
  MakeWithLibreOffice("--convert-to odp:impress8 slide.pptx");
  MakeWithLibreOffice("--convert-to ods menu.csv");
  MakeWithLibreOffice("--convert-to xlsx squares.csv");

  const auto odp = WaitProcessed(Id(UploadOk("deck.odp", ReadFile(Sample("slide.odp")))), 60s);
  EXPECT_EQ(odp.at("uploadStatus"), "ready") << json::serialize(odp);
  EXPECT_EQ(odp.at("type"), "ppt");
  EXPECT_EQ(odp.at("metadata").at("pageCount").as_int64(), 1);
  EXPECT_EQ(Get("/api/v1/content/" + Id(odp) + "/pages/1").status, 200);

  const auto ods = WaitProcessed(Id(UploadOk("menu.ods", ReadFile(Sample("menu.ods")))), 60s);
  EXPECT_EQ(ods.at("uploadStatus"), "ready") << json::serialize(ods);
  EXPECT_EQ(ods.at("type"), "spreadsheet");
  EXPECT_EQ(Get("/api/v1/content/" + Id(ods) + "/table").Json().at("rows").at(1).at(0), "tea");

  // A deck cut short: its head still says PowerPoint, so it is taken, and fails with a reason.
  const std::string deck = ReadFile(Sample("slide.pptx"));
  const auto cut = WaitProcessed(Id(UploadOk("cut.pptx", deck.substr(0, deck.size() / 2))), 60s);
  EXPECT_EQ(cut.at("uploadStatus"), "failed") << json::serialize(cut);
  EXPECT_FALSE(cut.at("uploadError").as_string().empty());

  // 30,000 rows: converted whole, kept to the table's first 10,000, and said so.
  const auto huge =
      WaitProcessed(Id(UploadOk("squares.xlsx", ReadFile(Sample("squares.xlsx")))), 120s);
  EXPECT_EQ(huge.at("uploadStatus"), "ready") << json::serialize(huge);
  EXPECT_EQ(huge.at("metadata").at("rows").as_int64(), 10'000);
  EXPECT_EQ(huge.at("metadata").at("truncated"), true);
  const auto table = Get("/api/v1/content/" + Id(huge) + "/table").Json();
  EXPECT_EQ(table.at("rows").at(9'999).at(1), "99980001");
  EXPECT_EQ(TempFiles(Blobs()), 0u) << "the conversions' scratch folders are gone";
}

TEST_P(ContentTest, SpreadsheetsBecomeTables) {
  const auto csv =
      WaitProcessed(Id(UploadOk("prices.csv", "item;price\ncoffee;2,50\n\"tea; green\";2,00\n")));
  EXPECT_EQ(csv.at("uploadStatus"), "ready") << json::serialize(csv);
  EXPECT_EQ(csv.at("type"), "spreadsheet");
  EXPECT_EQ(csv.at("metadata").at("rows").as_int64(), 2);
  const auto table = Get("/api/v1/content/" + Id(csv) + "/table");
  EXPECT_EQ(table.status, 200);
  const auto v = table.Json();
  EXPECT_EQ(v.at("columns").as_array().size(), 2u);
  EXPECT_EQ(v.at("rows").at(1).at(0), "tea; green");
  // One column is still CSV when it is named so.
  const auto single = WaitProcessed(Id(UploadOk("names.csv", "name\nada\ngrace\n")));
  EXPECT_EQ(single.at("uploadStatus"), "ready");
}

TEST_P(ContentTest, DamagedFilesFailWithAReasonAndTheWorkerGoesOn) {
  MakeImage(Sample("ok.jpg"), 800, 600);
  const std::string jpeg = ReadFile(Sample("ok.jpg"));
  const auto cut = WaitProcessed(Id(UploadOk("cut.jpg", jpeg.substr(0, jpeg.size() / 3))));
  EXPECT_EQ(cut.at("uploadStatus"), "failed");
  EXPECT_FALSE(cut.at("uploadError").as_string().empty());
  // A PNG claiming 100000×100000 pixels.
  MakeImage(Sample("small.png"), 16, 16);
  std::string bomb = ReadFile(Sample("small.png"));
  bomb.replace(16, 8, std::string("\x00\x01\x86\xa0\x00\x01\x86\xa0", 8));
  const auto refused = WaitProcessed(Id(UploadOk("bomb.png", bomb)));
  EXPECT_EQ(refused.at("uploadStatus"), "failed");
  MakePdf(Sample("doc.pdf"), 1);
  std::string pdf = ReadFile(Sample("doc.pdf"));
  const auto broken = WaitProcessed(Id(UploadOk("broken.pdf", pdf.substr(0, 60))));
  EXPECT_EQ(broken.at("uploadStatus"), "failed");
  // The worker survived all of it.
  const auto fine = WaitProcessed(Id(UploadOk("ok.jpg", jpeg)));
  EXPECT_EQ(fine.at("uploadStatus"), "ready");
  auto failed = Call("GET", "/api/v1/content?status=failed").Json().at("items").as_array();
  EXPECT_EQ(failed.size(), 3u);
}

TEST_P(ContentTest, TheLibraryFiltersPagesEditsAndDeletes) {
  MakeImage(Sample("a.png"), 32, 32);
  MakeImage(Sample("b.jpg"), 32, 32);
  const auto a = UploadOk("a.png", ReadFile(Sample("a.png")), "Summer sale");
  auto tagged =
      Upload("b.jpg", ReadFile(Sample("b.jpg")), "", "Winter_menu 100%", " menu, food ,menu");
  ASSERT_EQ(tagged.status, 201);
  const auto b = tagged.Json().at("content").as_object();
  EXPECT_EQ(json::serialize(b.at("tags")), R"(["menu","food"])");
  auto link = Call(
      "POST", "/api/v1/content",
      R"({"type":"webpage","title":"Menu board","url":"https://example.com/menu","tags":["menu"]})");
  ASSERT_EQ(link.status, 201) << link.body;
  EXPECT_EQ(link.Json().at("content").at("uploadStatus"), "ready");
  EXPECT_EQ(link.Json().at("content").at("source"), "https://example.com/menu");

  auto count = [&](const std::string& query) {
    auto r = Call("GET", "/api/v1/content" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("items").as_array().size();
  };
  EXPECT_EQ(count(""), 3u);
  EXPECT_EQ(count("?type=image"), 2u);
  EXPECT_EQ(count("?tag=menu"), 2u);
  EXPECT_EQ(count("?q=SUMMER"), 1u);
  EXPECT_EQ(count("?q=100%25"), 1u) << "% is matched literally";
  EXPECT_EQ(count("?q=_"), 1u) << "_ is matched literally";
  EXPECT_EQ(count("?q=FOO"), 1u) << "tags are searched too (food)";
  EXPECT_EQ(Call("GET", "/api/v1/content?type=movie").status, 400);
  // By id: what a playlist or a report names; another organization's ids find nothing.
  const std::string link_id(link.Json().at("content").at("id").as_string());
  EXPECT_EQ(count("?ids=" + Id(a) + "," + link_id), 2u);
  EXPECT_EQ(count("?ids=" + Id(a) + "&type=webpage"), 0u);
  const Account other = AccountFrom(Register("eve@example.com", "Other"));
  EXPECT_EQ(client_->Call(other.token, "GET", "/api/v1/content?ids=" + Id(a))
                .Json()
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(Call("GET", "/api/v1/content?ids=").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/content?ids=a,,b").status, 400);
  std::string many = "x";
  for (int i = 0; i < 200; ++i) many += ",x" + std::to_string(i);
  EXPECT_EQ(Call("GET", "/api/v1/content?ids=" + many).status, 400);
  // Pages, newest first.
  auto first = Call("GET", "/api/v1/content?limit=2").Json();
  ASSERT_EQ(first.at("items").as_array().size(), 2u);
  EXPECT_EQ(first.at("items").at(0).at("title"), "Menu board");
  auto second = Call("GET", "/api/v1/content?limit=2&cursor=" +
                                std::string(first.at("nextCursor").as_string()))
                    .Json();
  ASSERT_EQ(second.at("items").as_array().size(), 1u);
  EXPECT_EQ(second.at("items").at(0).at("id"), Id(a).c_str());
  EXPECT_TRUE(second.at("nextCursor").is_null());

  auto patched = Call("PATCH", "/api/v1/content/" + Id(a),
                      R"({"title":"Autumn sale","tags":["sale"],"description":"10% off"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("content").at("title"), "Autumn sale");
  EXPECT_EQ(count("?tag=sale"), 1u);
  EXPECT_EQ(Call("PATCH", "/api/v1/content/" + Id(a), R"({"url":"https://x.example"})").status,
            422);
  EXPECT_EQ(Call("PATCH", "/api/v1/content/" + Id(a), R"({"title":""})").status, 400);

  EXPECT_EQ(Call("DELETE", "/api/v1/content/" + Id(a)).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/content/" + Id(a)).status, 404);
  EXPECT_EQ(Get("/api/v1/content/" + Id(a) + "/file").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/content/" + Id(a)).status, 404);
  EXPECT_EQ(count(""), 2u);
  EXPECT_EQ(count("?tag=sale"), 0u);
}

TEST_P(ContentTest, UrlContentIsCheckedAndFeedsAreGuarded) {
  for (const std::string bad :
       {"javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "ftp://x.example/",
        "/relative/path", "https://", "https://example.com:99999/feed", "https://example.com:0/",
        "https://exa mple.com/", "https://example.com/\x01"}) {
    auto r =
        Call("POST", "/api/v1/content",
             json::serialize(json::object{{"type", "dashboard"}, {"title", "x"}, {"url", bad}}));
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }
  EXPECT_EQ(Call("POST", "/api/v1/content",
                 R"({"type":"image","title":"x","url":"https://example.com/a.png"})")
                .status,
            400);
  EXPECT_EQ(
      Call("POST", "/api/v1/content",
           R"({"type":"data_feed","title":"x","url":"https://e.example","refreshInterval":1})")
          .status,
      400);
  // Characters a browser would encode are encoded, not refused.
  auto bracketed =
      Call("POST", "/api/v1/content",
           R"({"type":"webpage","title":"x","url":"https://example.com/b?ids=[1,2]&q=a b"})");
  ASSERT_EQ(bracketed.status, 201) << bracketed.body;
  EXPECT_EQ(bracketed.Json().at("content").at("source").as_string(),
            "https://example.com/b?ids=%5B1,2%5D&q=a%20b");
  // A feed pointing at this server (loopback) is refused by the SSRF guard: failed, with why.
  const std::string self = "http://127.0.0.1:" + std::to_string(server_->port()) + "/healthz";
  auto feed =
      Call("POST", "/api/v1/content",
           json::serialize(json::object{{"type", "data_feed"}, {"title", "Self"}, {"url", self}}));
  ASSERT_EQ(feed.status, 201) << feed.body;
  const auto done = WaitProcessed(std::string(feed.Json().at("content").at("id").as_string()));
  EXPECT_EQ(done.at("uploadStatus"), "failed");
  EXPECT_NE(done.at("uploadError").as_string().find("127.0.0.1"), std::string::npos)
      << done.at("uploadError");
  EXPECT_EQ(done.at("metadata").at("refreshInterval").as_int64(), 300) << "the default interval";
}

TEST_P(ContentTest, ScreensFetchMediaThroughSignedLinks) {
  MakeImage(Sample("s.jpg"), 320, 240);
  const std::string jpeg = ReadFile(Sample("s.jpg"));
  const auto item = WaitProcessed(Id(UploadOk("s.jpg", jpeg)));
  const std::string device_token = PairScreen(*client_, admin_.token, "Hall").token;

  auto for_screen = client_->Call(device_token, "GET", "/api/v1/device/content/" + Id(item));
  ASSERT_EQ(for_screen.status, 200) << for_screen.body;
  const auto links = for_screen.Json().at("links").as_object();
  const std::string file_link(links.at("file").as_string());
  ASSERT_TRUE(file_link.starts_with("/api/v1/media/"));
  EXPECT_NE(file_link.find(".jpg?expires="), std::string::npos);
  // No token needed: the link is the permission, and it caches for good.
  HttpClient anonymous(server_->port());
  const auto media = anonymous.Get(file_link);
  EXPECT_EQ(media.status, 200);
  EXPECT_TRUE(media.body == jpeg);
  EXPECT_EQ(media.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(anonymous.Get(std::string(links.at("thumbnail").as_string())).status, 200);
  // A changed signature, path or expiry is refused.
  std::string forged = file_link;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(anonymous.Get(forged).status, 403);
  std::string other = file_link;
  other.replace(other.find(".jpg"), 4, ".png");
  EXPECT_EQ(anonymous.Get(other).status, 403);
  EXPECT_EQ(anonymous.Get(file_link.substr(0, file_link.find('?'))).status, 403);
  // Admin tokens are not device tokens, and another organization's item is not found.
  EXPECT_EQ(Call("GET", "/api/v1/device/content/" + Id(item)).status, 401);
}

// Feeds reaching a source on this machine: only with --allow-private-feeds.
class FeedsTest : public ContentTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    return {"--allow-private-feeds", "true"};
  }
};

TEST_P(FeedsTest, AFeedIsFetchedKeptAndRefreshedWithItsLastGoodCopy) {
  if (GetParam() == Backend::kPostgres) GTEST_SKIP() << "waits a refresh interval; once is enough";
  // The source: another server whose /healthz is JSON.
  TempDir source_dir;
  auto source = std::make_unique<ServerProcess>(source_dir.path());
  const std::string url = "http://127.0.0.1:" + std::to_string(source->port()) + "/healthz";
  auto created =
      Call("POST", "/api/v1/content",
           json::serialize(json::object{
               {"type", "data_feed"}, {"title", "Health"}, {"url", url}, {"refreshInterval", 10}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.Json().at("content").at("id").as_string());
  const auto ready = WaitProcessed(id);
  ASSERT_EQ(ready.at("uploadStatus"), "ready") << json::serialize(ready);
  EXPECT_EQ(ready.at("metadata").at("format"), "json");
  const auto copy = Get("/api/v1/content/" + id + "/feed");
  EXPECT_EQ(copy.status, 200);
  EXPECT_EQ(copy.Json().at("format"), "json");
  EXPECT_TRUE(copy.Json().at("data").is_object());
  // The source goes away; the next refresh fails and the last good copy stays.
  source.reset();
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  json::object after;
  while (std::chrono::steady_clock::now() < deadline) {
    after = Call("GET", "/api/v1/content/" + id).Json().at("content").as_object();
    if (after.at("metadata").as_object().contains("lastError")) break;
    std::this_thread::sleep_for(250ms);
  }
  ASSERT_TRUE(after.at("metadata").as_object().contains("lastError")) << json::serialize(after);
  EXPECT_EQ(after.at("uploadStatus"), "ready");
  EXPECT_EQ(Get("/api/v1/content/" + id + "/feed").status, 200);
}

// The same flows with --storage s3:// (the throwaway RADOS Gateway scripts/test starts):
// uploads go up to S3, processing reads them back into scratch files, and files, pages and
// thumbnails are served through ranged reads. Nothing stays under the data directory.
class ContentOnS3Test : public ContentTest {
 protected:
  void SetUp() override {
    const auto found = FindThrowawayS3();
    if (!found) GTEST_SKIP() << "no throwaway S3 server";
    s3_ = *found;
    ContentTest::SetUp();
  }
  std::vector<std::string> ExtraServerArgs() const override { return {"--storage", s3_.url}; }
  // A small PNG uploaded (maybe not processed yet): its bytes, its id and its /file path.
  struct UploadedImage {
    std::string bytes, id, file;
  };
  UploadedImage UploadImage() {
    MakeImage(Sample("pic.png"), 160, 120);
    UploadedImage uploaded{.bytes = ReadFile(Sample("pic.png"))};
    uploaded.id = Id(UploadOk("pic.png", uploaded.bytes));
    uploaded.file = "/api/v1/content/" + uploaded.id + "/file";
    return uploaded;
  }
  // The same, once processed and served.
  UploadedImage UploadServedImage() {
    UploadedImage uploaded = UploadImage();
    const auto image = WaitProcessed(uploaded.id);
    EXPECT_EQ(image.at("uploadStatus"), "ready") << json::serialize(image);
    EXPECT_EQ(Get(uploaded.file).status, 200);
    return uploaded;
  }
  ThrowawayS3 s3_;
};

TEST_P(ContentOnS3Test, UploadsAreProcessedAndServedFromS3) {
  MakeImage(Sample("pic.png"), 640, 480);
  const std::string png = ReadFile(Sample("pic.png"));
  const auto image = WaitProcessed(Id(UploadOk("pic.png", png)));
  EXPECT_EQ(image.at("uploadStatus"), "ready") << json::serialize(image);
  EXPECT_EQ(image.at("metadata").at("width").as_int64(), 640);
  const std::string file = "/api/v1/content/" + Id(image) + "/file";
  const auto whole = Get(file);
  EXPECT_EQ(whole.status, 200);
  EXPECT_TRUE(whole.body == png);
  EXPECT_EQ(Get(file, {{"If-None-Match", whole.Header("etag")}}).status, 304);
  const auto part = Get(file, {{"Range", "bytes=10-19"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, png.substr(10, 10));
  const auto thumb = Get("/api/v1/content/" + Id(image) + "/thumbnail");
  EXPECT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.Header("content-type"), "image/jpeg");

  MakePdf(Sample("deck.pdf"), 2);
  const auto pdf = WaitProcessed(Id(UploadOk("deck.pdf", ReadFile(Sample("deck.pdf")))));
  EXPECT_EQ(pdf.at("uploadStatus"), "ready") << json::serialize(pdf);
  EXPECT_EQ(Get("/api/v1/content/" + Id(pdf) + "/pages/2").status, 200);

  MakeVideo(Sample("clip.mp4"), 1, 320, 240, 25);
  const auto mp4 = WaitProcessed(Id(UploadOk("clip.mp4", ReadFile(Sample("clip.mp4")))));
  EXPECT_EQ(mp4.at("uploadStatus"), "ready") << json::serialize(mp4);
  EXPECT_EQ(Get("/api/v1/content/" + Id(mp4) + "/thumbnail").status, 200);

  EXPECT_EQ(BlobFiles(Blobs()), 0u) << "every blob is in S3";
}

// Above one part (16 MiB), an upload streams into S3 as a multipart upload while it arrives,
// and comes back byte for byte.
TEST_P(ContentOnS3Test, ALargeUploadStreamsIntoS3InParts) {
  std::string csv = "city,temperature\n";
  for (int i = 0; csv.size() < (20u << 20); ++i) csv += "City " + std::to_string(i) + ",12\n";
  const auto table = WaitProcessed(Id(UploadOk("big.csv", csv)), 60s);
  EXPECT_EQ(table.at("uploadStatus"), "ready") << json::serialize(table);
  const auto file = Get("/api/v1/content/" + Id(table) + "/file");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body.size(), csv.size());
  EXPECT_TRUE(file.body == csv);
  EXPECT_EQ(s3_.S3cmd("ls s3://" + s3_.bucket + "/uploads/"), "") << "no temporary object left";
}

// A TCP relay from a local port to the S3 server, to make S3 "go down" for one server and come
// back: Stop() closes the listener and cuts every relayed connection; Start() listens again
// on the same port. Freeze() makes S3 slow instead: connections are taken and then nothing
// moves either way, the way an overloaded service or a black-holed route behaves.
class S3Relay {
 public:
  explicit S3Relay(unsigned short upstream) : upstream_(upstream) { Start(); }
  ~S3Relay() { Stop(); }
  unsigned short port() const { return port_; }
  void Freeze(bool frozen) { frozen_ = frozen; }

  void Start() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in at = Loopback(port_);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0 ||
        ::listen(listener_, 64) != 0) {
      throw std::runtime_error("relay: cannot listen");
    }
    socklen_t size = sizeof at;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&at), &size);
    port_ = ntohs(at.sin_port);
    running_ = true;
    acceptor_ = std::thread([this] { Accept(); });
  }

  void Stop() {
    if (!running_.exchange(false)) return;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    std::vector<std::thread> pipes;
    {
      std::lock_guard lock(mutex_);
      for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
      pipes.swap(pipes_);
    }
    for (auto& t : pipes) t.join();
    std::lock_guard lock(mutex_);
    for (int fd : open_) ::close(fd);
    open_.clear();
  }

 private:
  static sockaddr_in Loopback(unsigned short port) {
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(port);
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return at;
  }

  void Accept() {
    while (running_) {
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in up = Loopback(upstream_);
      if (::connect(server, reinterpret_cast<sockaddr*>(&up), sizeof up) != 0) {
        ::close(client);
        ::close(server);
        continue;
      }
      std::lock_guard lock(mutex_);
      open_.push_back(client);
      open_.push_back(server);
      pipes_.emplace_back([this, client, server] { Pipe(client, server); });
      pipes_.emplace_back([this, client, server] { Pipe(server, client); });
    }
  }

  void Pipe(int from, int to) {
    char buffer[65536];
    for (;;) {
      while (frozen_ && running_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const ssize_t n = ::read(from, buffer, sizeof buffer);
      if (n <= 0) break;
      if (::send(to, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
    }
    ::shutdown(to, SHUT_WR);
  }

  const unsigned short upstream_;
  unsigned short port_ = 0;
  int listener_ = -1;
  std::atomic<bool> running_{false};
  std::atomic<bool> frozen_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> open_;
  std::vector<std::thread> pipes_;
};

// S3 down: reads and uploads are refused with 503 UNAVAILABLE, nothing is half-written, the
// server stays up, and it serves again by itself once S3 is back.
class ContentOnFailingS3Test : public ContentOnS3Test {
 protected:
  void SetUp() override {
    const auto found = FindThrowawayS3();
    if (!found) GTEST_SKIP() << "no throwaway S3 server";
    relay_ = std::make_unique<S3Relay>(found->port);
    ContentOnS3Test::SetUp();
  }
  void TearDown() override {
    ContentOnS3Test::TearDown();
    relay_.reset();
  }
  std::vector<std::string> ExtraServerArgs() const override {
    std::string url = s3_.url;
    url.replace(url.find(s3_.endpoint), s3_.endpoint.size(),
                "http://127.0.0.1:" + std::to_string(relay_->port()));
    return {"--storage", url};
  }
  std::unique_ptr<S3Relay> relay_;
};

TEST_P(ContentOnFailingS3Test, S3DownIsA503AndTheServerRecoversByItself) {
  const auto [png, id, file] = UploadServedImage();

  relay_->Stop();
  const auto refused = Get(file);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(ErrorCode(refused), "UNAVAILABLE");
  MakeImage(Sample("other.png"), 100, 100);
  const auto upload = Upload("other.png", ReadFile(Sample("other.png")));
  EXPECT_EQ(upload.status, 503) << upload.body;
  EXPECT_EQ(Call("GET", "/api/v1/content").Json().at("items").as_array().size(), 1u)
      << "the refused upload left no row";
  EXPECT_EQ(Get("/healthz").status, 200) << "the server itself is fine";

  relay_->Start();
  const auto back = Get(file);
  EXPECT_EQ(back.status, 200);
  EXPECT_TRUE(back.body == png);
  EXPECT_EQ(Upload("other.png", ReadFile(Sample("other.png"))).status, 201);
}

// S3 down while an upload waits for its processing: the job is deferred, not failed, however
// long the outage lasts, and finishes once S3 is back.
TEST_P(ContentOnFailingS3Test, ProcessingWaitsOutAnS3OutageAndFinishesAfterIt) {
  Restart({"--roles", "api,realtime"});  // no workers: the upload is stored and its job waits
  const auto [png, id, file] = UploadImage();
  relay_->Stop();
  Restart();  // now with workers, which find S3 down
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (server_->Log().find("jobs.deferred") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_NE(server_->Log().find("jobs.deferred"), std::string::npos) << server_->Log();
  EXPECT_EQ(Call("GET", "/api/v1/content/" + id).Json().at("content").at("uploadStatus"),
            "processing");

  relay_->Start();
  const auto image = WaitProcessed(id);
  EXPECT_EQ(image.at("uploadStatus"), "ready") << json::serialize(image);
  const auto served = Get(file);
  EXPECT_EQ(served.status, 200);
  EXPECT_TRUE(served.body == png);
}

// S3 slow, not down: a request S3 leaves unanswered is cut after stall_seconds per attempt and
// answered 503, while everything that needs no S3 goes on being served meanwhile (the waits
// are on worker threads, never on the event loop).
class ContentOnSlowS3Test : public ContentOnFailingS3Test {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    auto args = ContentOnFailingS3Test::ExtraServerArgs();
    args.back() += "&stall_seconds=2";
    return args;
  }
};

TEST_P(ContentOnSlowS3Test, ASilentS3IsA503InSecondsAndNeverHoldsTheServer) {
  const auto [png, id, file] = UploadServedImage();

  relay_->Freeze(true);
  const auto started = std::chrono::steady_clock::now();
  auto slow = std::async(std::launch::async, [&] {
    HttpClient other(server_->port());
    return other.Call(admin_.token, "GET", file);
  });
  // While that request waits on S3, the server answers everything else: well within one 2 s
  // stall, which a loop blocked by the wait would add (the margin is for sanitizers on a busy
  // machine).
  for (int i = 0; i < 5; ++i) {
    const auto asked = std::chrono::steady_clock::now();
    EXPECT_EQ(Get("/healthz").status, 200);
    EXPECT_EQ(Call("GET", "/api/v1/content").status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(1500));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const auto refused = slow.get();
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(ErrorCode(refused), "UNAVAILABLE");
  // Four attempts of a two-second stall, plus their backoff: seconds, not the default 30 s.
  EXPECT_GE(waited, std::chrono::seconds(6));
  EXPECT_LT(waited, std::chrono::seconds(25));

  relay_->Freeze(false);
  const auto back = Get(file);
  EXPECT_EQ(back.status, 200);
  EXPECT_TRUE(back.body == png);
}

// LibreOffice held to limits that bite: a second of time, or too little memory to start.
// Each deck fails with a reason, leaves no scratch folder and no process behind, and the
// worker goes on with the next item.
class ContentUnderTightConversionLimitsTest : public ContentTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    auto args = ContentTest::ExtraServerArgs();
    args.insert(args.end(), extra_.begin(), extra_.end());
    return args;
  }
  void SetUp() override {}  // each test starts its server with its own limits

  void StartWith(std::vector<std::string> extra) {
    extra_ = std::move(extra);
    ContentTest::SetUp();
  }

  // Processes whose command line names this server's scratch folder: converters.
  std::vector<std::string> ConvertersRunning() const {
    const std::string scratch = (Blobs() / "tmp").string();
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator("/proc")) {
      std::ifstream in(entry.path() / "cmdline", std::ios::binary);
      std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
      if (cmdline.find(scratch) != std::string::npos) found.push_back(cmdline);
    }
    return found;
  }

  void ExpectDeckFailsAndWorkGoesOn(const std::string& reason_part) {
    if (!fs::exists("/usr/bin/soffice")) GTEST_SKIP() << "LibreOffice is not installed";
    MakeImage(Sample("slide.png"), 320, 240);
    MakeWithLibreOffice(
        "--infilter=impress_png_Import --convert-to 'pptx:Impress MS PowerPoint 2007 XML' "
        "slide.png");
    const auto deck = WaitProcessed(Id(UploadOk("deck.pptx", ReadFile(Sample("slide.pptx")))), 60s);
    EXPECT_EQ(deck.at("uploadStatus"), "failed") << json::serialize(deck);
    EXPECT_NE(deck.at("uploadError").as_string().find(reason_part), std::string::npos)
        << json::serialize(deck);
    EXPECT_EQ(TempFiles(Blobs()), 0u) << "the conversion's scratch folder is gone";
    EXPECT_EQ(ConvertersRunning(), std::vector<std::string>{}) << "nothing of it still runs";
    const auto next = WaitProcessed(Id(UploadOk("menu.csv", "item,price\ncoffee,2.5\n")));
    EXPECT_EQ(next.at("uploadStatus"), "ready") << json::serialize(next);
  }

  std::vector<std::string> extra_;
};

TEST_P(ContentUnderTightConversionLimitsTest, ADeckPastItsTimeFails) {
  StartWith({"--conversion-time-limit", "1"});
  ExpectDeckFailsAndWorkGoesOn("took longer than the 1 s it may take");
}

TEST_P(ContentUnderTightConversionLimitsTest, ADeckPastItsMemoryFails) {
  StartWith({"--conversion-memory-limit", "32MB"});
  ExpectDeckFailsAndWorkGoesOn("LibreOffice could not convert the file");
}

INSTANTIATE_TEST_SUITE_P(Backends, ContentUnderTightConversionLimitsTest,
                         ::testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });

INSTANTIATE_TEST_SUITE_P(Backends, ContentOnSlowS3Test, ::testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });

INSTANTIATE_TEST_SUITE_P(Backends, ContentOnFailingS3Test, ::testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });

// delivery=redirect: files are a redirect to a presigned link, which S3 answers itself.
class ContentOnS3RedirectTest : public ContentOnS3Test {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    return {"--storage", s3_.url + "&delivery=redirect"};
  }
};

TEST_P(ContentOnS3RedirectTest, FilesAreRedirectsToPresignedLinks) {
  MakeImage(Sample("pic.png"), 320, 240);
  const std::string png = ReadFile(Sample("pic.png"));
  const auto image = WaitProcessed(Id(UploadOk("pic.png", png)));
  EXPECT_EQ(image.at("uploadStatus"), "ready") << json::serialize(image);
  const auto redirect = Get("/api/v1/content/" + Id(image) + "/file");
  ASSERT_EQ(redirect.status, 302) << redirect.body;
  const std::string location = redirect.Header("location");
  ASSERT_EQ(location.rfind(s3_.endpoint, 0), 0u) << location;
  HttpClient s3(s3_.port);
  const auto bytes = s3.Get(location.substr(s3_.endpoint.size()));
  EXPECT_EQ(bytes.status, 200);
  EXPECT_TRUE(bytes.body == png);
  EXPECT_EQ(bytes.Header("content-type"), "image/png");
  // Another organization still sees nothing: the redirect is given only after the checks.
  const Account other = AccountFrom(Register("eve@example.com", "Other"));
  EXPECT_EQ(client_->Call(other.token, "GET", "/api/v1/content/" + Id(image) + "/file").status,
            404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ContentOnS3RedirectTest, ::testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });

INSTANTIATE_TEST_SUITE_P(Backends, ContentOnS3Test, ::testing::Values(Backend::kSqlite),
                         [](const auto& info) { return BackendName(info.param); });

INSTANTIATE_TEST_SUITE_P(Backends, FeedsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

INSTANTIATE_TEST_SUITE_P(Backends, ContentTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
