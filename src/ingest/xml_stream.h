// A small streaming XML reader over libxml2's xmlTextReader: one node at a time, constant memory,
// hostile input refused with a Status naming the line (and column when libxml2 knows it).
//
//   auto r = XmlReader::open(path, options);
//   while (r->next())
//     if (r->is_element() && r->local_name() == "testcase") ...
//   if (!r->status().ok()) return r->status();
//
// Safety: no network, no DTD loading or validation, no entity substitution, and documents whose
// DOCTYPE declares entities are refused before libxml2 sees the declaration. libxml2's default
// limits stay on (text nodes up to 10 MB, names, depth). Errors never reach stderr: while a reader
// lives, libxml2's per-thread error handlers point at it, so use it on the thread that opened it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace crosswalk::ingest {

struct XmlReaderOptions {
  int max_depth = 256;                               // deeper elements are refused
  std::function<void(std::int64_t bytes)> progress;  // called every MiB or so
  std::size_t read_chunk_bytes = 0;                  // at most this much per read; 0: libxml2's
};

class XmlReader {
 public:
  enum class NodeType { kElement, kEndElement, kText, kOther };

  // Opens a regular file; IoError if it cannot be read.
  static Result<std::unique_ptr<XmlReader>> open(const std::string& path,
                                                 const XmlReaderOptions& options = {});
  ~XmlReader();
  XmlReader(const XmlReader&) = delete;
  XmlReader& operator=(const XmlReader&) = delete;

  // Moves to the next node in document order; false at the end of the document or on error
  // (then status() says which). Text includes CDATA and whitespace.
  bool next();
  // Moves through the content of the element at `depth` (the one the caller stood on when it
  // read depth()); false once past its end tag, at once for an empty element <x/>.
  bool next_within(int depth);
  // Reads the direct text of the current element up to its end tag, keeping at most `cap`
  // bytes (cut on a UTF-8 boundary); the text of child elements is skipped. False on error.
  bool read_text(std::size_t cap, std::string* out);
  // Moves to the end of the current element's content (its end tag, or itself when empty).
  bool skip();

  NodeType type() const { return type_; }
  bool is_element() const { return type_ == NodeType::kElement; }
  int depth() const { return depth_; }  // 0 for the root element
  bool is_empty_element() const;
  std::string_view local_name() const;
  std::string_view namespace_uri() const;  // "" when none
  std::string_view value() const;          // the text of a text node
  // The value of an attribute without namespace prefix, if present.
  std::optional<std::string> attribute(const char* name) const;
  std::string attribute_or(const char* name, std::string_view fallback = {}) const;

  // Byte offset of the current element's start tag ('<'); for other nodes, the last element's.
  std::int64_t element_offset() const { return element_offset_; }
  // Bytes the parser has consumed so far (it reads ahead of the current node).
  std::int64_t bytes_consumed() const;
  std::int64_t line() const;  // the parser's current line

  const Status& status() const { return status_; }
  // InvalidInput "line L: <message>" at the current node; also stops the reader.
  Status fail(const std::string& message);

 private:
  struct Impl;
  XmlReader(std::unique_ptr<Impl> impl, const XmlReaderOptions& options);
  bool read_node();

  std::unique_ptr<Impl> impl_;
  XmlReaderOptions options_;
  Status status_;
  bool done_ = false;
  NodeType type_ = NodeType::kOther;
  int depth_ = -1;
  std::int64_t element_offset_ = 0;
  std::int64_t next_progress_ = 0;
};

// XML's whitespace collapse (as for xs:token): trimmed, runs of white space made one space.
std::string collapse_xml_space(std::string_view s);

}  // namespace crosswalk::ingest
