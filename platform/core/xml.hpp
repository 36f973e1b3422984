#pragma once

// Reading XML documents from outside (feeds, S3 answers) with libxml2, safely: no network,
// no DTD loading, no entity substitution (XXE and billion laughs stay harmless), no errors
// printed. Elements are matched by local name, whatever their namespace.

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

namespace platform::xml {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

// Null when `text` is not well-formed XML.
Doc Parse(std::string_view text);
// The document's root element, or null.
const xmlNode* Root(const Doc& doc);
bool Named(const xmlNode* node, const char* local_name);
// The first child element so named, or null.
const xmlNode* Child(const xmlNode* node, const char* local_name);
// The element's text content without surrounding white space; "" for null.
std::string Text(const xmlNode* node);
// The text of the first child so named ("" when there is none).
std::string ChildText(const xmlNode* node, const char* local_name);
// An attribute's value, or "".
std::string Attribute(const xmlNode* node, const char* name);

}  // namespace platform::xml
