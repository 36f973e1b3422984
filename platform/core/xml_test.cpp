#include "platform/core/xml.hpp"

#include <gtest/gtest.h>

namespace platform::xml {
namespace {

// A document that declares entities; nothing it declares may be expanded into what we read.
constexpr std::string_view kEntities = R"(<?xml version="1.0"?>
<!DOCTYPE Error [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY x SYSTEM "file:///etc/passwd">
]>
<Error kind="&b;" plain="one &amp; two"><Code>&b;</Code><Message>&x;</Message><Size>x&b;y</Size></Error>)";

TEST(XmlTest, DeclaredEntitiesAreNeverExpanded) {
  const auto doc = Parse(kEntities);
  ASSERT_NE(doc, nullptr);
  const xmlNode* root = Root(doc);
  ASSERT_TRUE(Named(root, "Error"));
  EXPECT_EQ(ChildText(root, "Code"), "");
  EXPECT_EQ(ChildText(root, "Message"), "");
  EXPECT_EQ(ChildText(root, "Size"), "xy");
  EXPECT_EQ(Attribute(root, "kind"), "");
  EXPECT_EQ(Text(root), "xy");
}

TEST(XmlTest, PredefinedEntitiesCharacterReferencesAndCdataReadAsText) {
  const auto doc = Parse(
      R"(<r a="one &amp; two &#65;"><k> &lt;b&gt; &#x263A; <i>in</i><![CDATA[<raw>]]> </k></r>)");
  ASSERT_NE(doc, nullptr);
  const xmlNode* root = Root(doc);
  EXPECT_EQ(Attribute(root, "a"), "one & two A");
  EXPECT_EQ(Attribute(root, "missing"), "");
  EXPECT_EQ(ChildText(root, "k"), "<b> \u263A in<raw>");
  EXPECT_EQ(ChildText(root, "absent"), "");
}

TEST(XmlTest, ElementsMatchByLocalNameWhateverTheirNamespace) {
  const auto doc = Parse(R"(<s:r xmlns:s="urn:x"><s:Key>k1</s:Key><Key>k2</Key></s:r>)");
  ASSERT_NE(doc, nullptr);
  EXPECT_TRUE(Named(Root(doc), "r"));
  EXPECT_EQ(ChildText(Root(doc), "Key"), "k1");
}

TEST(XmlTest, WhatIsNotWellFormedIsNull) {
  EXPECT_EQ(Parse(""), nullptr);
  EXPECT_EQ(Parse("<a><b></a>"), nullptr);
  EXPECT_EQ(Parse("not xml"), nullptr);
  EXPECT_EQ(Root(Parse("<a")), nullptr);
  EXPECT_EQ(Text(nullptr), "");
}

}  // namespace
}  // namespace platform::xml
