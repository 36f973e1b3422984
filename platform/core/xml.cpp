#include "platform/core/xml.hpp"

#include <libxml/parser.h>

namespace platform::xml {

namespace {

// xmlFree is a variable holding the allocator's free, so it cannot be a deleter type itself.
struct XmlStringFree {
  void operator()(xmlChar* p) const { xmlFree(p); }
};
using XmlString = std::unique_ptr<xmlChar, XmlStringFree>;

std::string Trimmed(const xmlChar* text) {
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  const auto first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

Doc Parse(std::string_view text) {
  return Doc(
      xmlReadMemory(text.data(), static_cast<int>(text.size()), "document.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA));
}

const xmlNode* Root(const Doc& doc) {
  return doc ? xmlDocGetRootElement(doc.get()) : nullptr;
}

bool Named(const xmlNode* node, const char* local_name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         xmlStrcmp(node->name, BAD_CAST local_name) == 0;
}

const xmlNode* Child(const xmlNode* node, const char* local_name) {
  if (node == nullptr) return nullptr;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (Named(c, local_name)) return c;
  }
  return nullptr;
}

std::string Text(const xmlNode* node) {
  if (node == nullptr) return "";
  const XmlString content(xmlNodeGetContent(node));
  return Trimmed(content.get());
}

std::string ChildText(const xmlNode* node, const char* local_name) {
  return Text(Child(node, local_name));
}

std::string Attribute(const xmlNode* node, const char* name) {
  if (node == nullptr) return "";
  const XmlString value(xmlGetProp(node, BAD_CAST name));
  return value ? reinterpret_cast<const char*>(value.get()) : "";
}

}  // namespace platform::xml
