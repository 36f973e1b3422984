#include "platform/core/xml.hpp"

#include <libxml/parser.h>

#include <limits>

namespace platform::xml {

namespace {

// The text below `node`, from its text and CDATA nodes only. xmlNodeGetContent would also
// follow entity references into their declarations, expanding `<!ENTITY b "&a;&a;…">` after
// the parser declined to: a billion laughs one call later. Predefined entities and character
// references are already text when parsed, so they still read as what they stand for.
// Recursion is bounded by libxml2's nesting limit (256 without XML_PARSE_HUGE).
void AppendText(const xmlNode* first, std::string& out) {
  for (const xmlNode* c = first; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content != nullptr) out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      AppendText(c->children, out);
    }
  }
}

std::string Trimmed(std::string out) {
  const auto first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

Doc Parse(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return nullptr;
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
  std::string text;
  AppendText(node->children, text);
  return Trimmed(std::move(text));
}

std::string ChildText(const xmlNode* node, const char* local_name) {
  return Text(Child(node, local_name));
}

std::string Attribute(const xmlNode* node, const char* name) {
  if (node == nullptr) return "";
  // Not xmlGetProp, which expands entity references in the value as xmlNodeGetContent does.
  const xmlAttr* attribute = xmlHasProp(node, BAD_CAST name);
  std::string value;
  if (attribute != nullptr) AppendText(attribute->children, value);
  return value;
}

}  // namespace platform::xml
