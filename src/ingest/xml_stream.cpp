#include "ingest/xml_stream.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <system_error>

#include "ingest/xml_prescan.h"

namespace crosswalk::ingest {
namespace {

// libxml2 reports errors that have no parser context (encoding conversion, I/O) to its
// per-thread handler; route them to the reader for as long as it lives, then restore.
class ThreadErrorRoute {
 public:
  ThreadErrorRoute(xmlStructuredErrorFunc handler, void* data)
      : structured_(xmlStructuredError),
        structured_data_(xmlStructuredErrorContext),
        generic_(xmlGenericError),
        generic_data_(xmlGenericErrorContext) {
    xmlSetStructuredErrorFunc(data, handler);
    xmlSetGenericErrorFunc(nullptr, &ignore);
  }
  ~ThreadErrorRoute() {
    xmlSetStructuredErrorFunc(structured_data_, structured_);
    xmlSetGenericErrorFunc(generic_data_, generic_);
  }
  ThreadErrorRoute(const ThreadErrorRoute&) = delete;
  ThreadErrorRoute& operator=(const ThreadErrorRoute&) = delete;

 private:
  static void ignore(void*, const char*, ...) {}
  xmlStructuredErrorFunc structured_;
  void* structured_data_;
  xmlGenericErrorFunc generic_;
  void* generic_data_;
};

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence (in place: read_text is hot).
void truncate_utf8(std::string& s, std::size_t max) {
  if (s.size() <= max) return;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
}

std::string one_line(const char* message) {
  std::string out;
  for (const char* p = message; p != nullptr && *p != '\0'; ++p) {
    if (*p == '\n') {
      if (p[1] != '\0') out += "; ";
    } else {
      out += *p;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? "malformed XML" : out;
}

}  // namespace

struct XmlReader::Impl {
  int fd = -1;
  xmlTextReaderPtr reader = nullptr;
  XmlPrescan prescan;
  std::size_t chunk = 0;  // largest read, 0 for no limit
  bool eof = false;
  char first = 0;       // the first byte that is not white space (0 until one is read)
  Status io_status;     // why the read callback failed (refused bytes, I/O error)
  Status parse_status;  // libxml2's first error
  std::optional<ThreadErrorRoute> route;

  ~Impl() {
    if (reader != nullptr) xmlFreeTextReader(reader);
    if (fd >= 0) ::close(fd);
  }

  static int read(void* context, char* buffer, int len) {
    auto* self = static_cast<Impl*>(context);
    if (!self->io_status.ok()) return -1;
    std::size_t size = static_cast<std::size_t>(len);
    if (self->chunk > 0 && self->chunk < size) size = self->chunk;
    ssize_t n;
    do n = ::read(self->fd, buffer, size);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      self->io_status = Status::IoError(std::generic_category().message(errno));
      return -1;
    }
    self->eof = n == 0;
    for (ssize_t i = 0; self->first == 0 && i < n; ++i)
      if (!std::isspace(static_cast<unsigned char>(buffer[i]))) self->first = buffer[i];
    self->io_status = self->prescan.feed(buffer, static_cast<std::size_t>(n));
    return self->io_status.ok() ? static_cast<int>(n) : -1;
  }
  static int close(void*) { return 0; }  // the fd is closed with the reader

  // Namespace errors (an undeclared prefix) are left alone: the document is still well-formed.
  static void on_error(void* context, xmlErrorPtr error) {
    auto* self = static_cast<Impl*>(context);
    if (error == nullptr || error->level < XML_ERR_ERROR || error->domain == XML_FROM_NAMESPACE ||
        !self->parse_status.ok())
      return;
    long line = error->line;
    if (line <= 0 && self->reader != nullptr) line = xmlTextReaderGetParserLineNumber(self->reader);
    std::string where = "line " + std::to_string(line);
    if (error->int2 > 0) where += ", column " + std::to_string(error->int2);
    self->parse_status = Status::InvalidInput(where + ": " + self->describe(*error));
  }

  // Some of libxml2's words would mislead: a file that stops inside the document is "extra
  // content at the end", and its limits suggest XML_PARSE_HUGE.
  std::string describe(const xmlError& error) const {
    const std::string_view message = error.message != nullptr ? error.message : "";
    if (message.starts_with("Excessive depth in document"))
      return "elements nested deeper than " + std::to_string(xmlParserMaxDepth);
    if (message.find("huge text node") != std::string_view::npos)
      return "a text node larger than " + std::to_string(XML_MAX_TEXT_LENGTH / 1000000) + " MB";
    if (error.code == XML_ERR_DOCUMENT_EMPTY && first != 0 && first != '<') {
      // libxml2 says "Document is empty" of a file that is not XML at all (JSON, text).
      const auto c = static_cast<unsigned char>(first);
      char shown[16];
      if (c > 0x20 && c < 0x7F)
        std::snprintf(shown, sizeof shown, "'%c'", first);
      else
        std::snprintf(shown, sizeof shown, "byte 0x%02X", c);
      return std::string("not an XML document: it starts with ") + shown +
             (first == '{' || first == '[' ? " (JSON?)" : "");
    }
    if (error.code == XML_ERR_DOCUMENT_END && eof && !prescan.root_seen())
      return "no XML element in the file";
    if (error.code == XML_ERR_DOCUMENT_END && eof && prescan.open_elements() > 0)
      return "the file ends inside the document (" + std::to_string(prescan.open_elements()) +
             " elements left open): truncated?";
    return one_line(error.message);
  }
};

Result<std::unique_ptr<XmlReader>> XmlReader::open(const std::string& path,
                                                   const XmlReaderOptions& options) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });

  auto impl = std::make_unique<Impl>();
  impl->chunk = options.read_chunk_bytes;
  impl->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (impl->fd < 0)
    return Status::IoError("cannot open: " + std::generic_category().message(errno));
  struct stat st {};
  if (::fstat(impl->fd, &st) != 0 || !S_ISREG(st.st_mode))
    return Status::IoError("not a regular file");
  impl->route.emplace(&Impl::on_error, impl.get());
  // No NOENT, DTDLOAD, DTDVALID or HUGE: entities stay unexpanded, nothing external is read.
  const int flags = XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES;
  impl->reader =
      xmlReaderForIO(&Impl::read, &Impl::close, impl.get(), path.c_str(), nullptr, flags);
  if (impl->reader == nullptr) return Status::IoError("cannot start the XML reader");
  xmlTextReaderSetStructuredErrorHandler(impl->reader, &Impl::on_error, impl.get());
  return std::unique_ptr<XmlReader>(new XmlReader(std::move(impl), options));
}

XmlReader::XmlReader(std::unique_ptr<Impl> impl, const XmlReaderOptions& options)
    : impl_(std::move(impl)), options_(options) {}

XmlReader::~XmlReader() = default;

bool XmlReader::read_node() {
  const int rc = xmlTextReaderRead(impl_->reader);
  if (!impl_->io_status.ok()) {
    status_ = impl_->io_status;
  } else if (!impl_->parse_status.ok()) {
    status_ = impl_->parse_status;
  } else if (rc < 0) {
    status_ = Status::InvalidInput("line " + std::to_string(line()) + ": malformed XML");
  }
  if (!status_.ok() || rc != 1) {
    done_ = true;
    type_ = NodeType::kOther;
    return false;
  }
  return true;
}

bool XmlReader::next() {
  if (done_ || !read_node()) return false;
  switch (xmlTextReaderNodeType(impl_->reader)) {
    case XML_READER_TYPE_ELEMENT:
      type_ = NodeType::kElement;
      break;
    case XML_READER_TYPE_END_ELEMENT:
      type_ = NodeType::kEndElement;
      break;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      type_ = NodeType::kText;
      break;
    default:
      type_ = NodeType::kOther;
  }
  depth_ = xmlTextReaderDepth(impl_->reader);
  if (type_ == NodeType::kElement) {
    element_offset_ = impl_->prescan.pop_start_tag();
    if (element_offset_ < 0) element_offset_ = bytes_consumed();
    if (depth_ >= options_.max_depth) {
      fail("elements nested deeper than " + std::to_string(options_.max_depth));
      return false;
    }
  }
  if (options_.progress) {
    const std::int64_t bytes = bytes_consumed();
    if (bytes >= next_progress_) {
      options_.progress(bytes);
      next_progress_ = bytes + (std::int64_t{1} << 20);
    }
  }
  return true;
}

bool XmlReader::next_within(int depth) {
  if (type_ == NodeType::kElement && depth_ == depth && is_empty_element()) return false;
  if (!next()) return false;
  return !(type_ == NodeType::kEndElement && depth_ == depth);
}

bool XmlReader::read_text(std::size_t cap, std::string* out) {
  out->clear();
  if (type_ != NodeType::kElement) return status_.ok();
  const int depth = depth_;
  while (next_within(depth)) {
    if (type_ != NodeType::kText || depth_ != depth + 1 || out->size() > cap) continue;
    const std::string_view text = value();
    out->append(text.substr(0, cap + 1 - out->size()));  // one byte more tells a cut
  }
  truncate_utf8(*out, cap);
  return status_.ok();
}

bool XmlReader::skip() {
  if (type_ != NodeType::kElement) return status_.ok();
  const int depth = depth_;
  while (next_within(depth)) {
  }
  return status_.ok();
}

bool XmlReader::is_empty_element() const {
  return xmlTextReaderIsEmptyElement(impl_->reader) == 1;
}

namespace {
std::string_view view(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}
}  // namespace

std::string_view XmlReader::local_name() const {
  return view(xmlTextReaderConstLocalName(impl_->reader));
}
std::string_view XmlReader::namespace_uri() const {
  return view(xmlTextReaderConstNamespaceUri(impl_->reader));
}
std::string_view XmlReader::value() const {
  return view(xmlTextReaderConstValue(impl_->reader));
}

std::optional<std::string> XmlReader::attribute(const char* name) const {
  // The usual case, a plain text value, read in place; anything else through libxml2's copy.
  xmlNodePtr node = xmlTextReaderCurrentNode(impl_->reader);
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return std::nullopt;
  for (xmlAttrPtr a = node->properties; a != nullptr; a = a->next) {
    if (a->ns != nullptr || std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0)
      continue;
    const xmlNode* text = a->children;
    if (text == nullptr) return std::string();
    if (text->next == nullptr && text->type == XML_TEXT_NODE)
      return std::string(view(text->content));
    break;
  }
  xmlChar* v = xmlTextReaderGetAttribute(impl_->reader, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::string XmlReader::attribute_or(const char* name, std::string_view fallback) const {
  std::optional<std::string> v = attribute(name);
  return v ? std::move(*v) : std::string(fallback);
}

std::int64_t XmlReader::bytes_consumed() const {
  return xmlTextReaderByteConsumed(impl_->reader);
}

std::int64_t XmlReader::line() const {
  return xmlTextReaderGetParserLineNumber(impl_->reader);
}

Status XmlReader::fail(const std::string& message) {
  std::int64_t at = line();
  if (xmlNodePtr node = xmlTextReaderCurrentNode(impl_->reader)) {
    const long node_line = xmlGetLineNo(node);
    if (node_line > 0) at = node_line;
  }
  status_ = Status::InvalidInput("line " + std::to_string(at) + ": " + message);
  done_ = true;
  return status_;
}

std::string collapse_xml_space(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace crosswalk::ingest
