#include "report/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

#include "common/atomic_file.h"
#include "common/utf8.h"

namespace crosswalk::report {

namespace {

constexpr double kA4Short = 595.28, kA4Long = 841.89;  // in points
constexpr double kMargin = 56, kFooter = 28;
constexpr double kCellPadding = 4;

struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using Font = std::unique_ptr<PangoFontDescription, FontDeleter>;

Font font(const char* spec) {
  return Font(pango_font_description_from_string(spec));
}

// Text Pango can take: invalid UTF-8 (which the registers refuse anyway) is replaced.
std::string safe(const std::string& s) {
  return is_valid_utf8(s) ? s : printable_excerpt(s, s.size() * 4 + 16);
}

class Writer {
 public:
  Writer(cairo_t* cr, std::string title, double page_width, double page_height)
      : cr_(cr),
        title_(std::move(title)),
        page_height_(page_height),
        content_width_(page_width - 2 * kMargin) {
    layout_ = pango_cairo_create_layout(cr_);
  }
  ~Writer() { g_object_unref(layout_); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Height of `text` laid out `width` points wide.
  double measure(const std::string& text, const PangoFontDescription* f, double width) {
    set(text, f, width);
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }
  // Width of `text` on one line.
  double line_width(const std::string& text, const PangoFontDescription* f) {
    set(text, f, -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return static_cast<double>(w) / PANGO_SCALE;
  }
  void draw(const std::string& text, const PangoFontDescription* f, double x, double y,
            double width) {
    set(text, f, width);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout_);
  }
  // A block of text at the left margin (indented by `indent`), on a new page if it does not fit.
  void text(const std::string& text, const PangoFontDescription* f, double indent = 0,
            double space_after = 6) {
    const double h = measure(text, f, content_width_ - indent);
    fit(h);
    draw(text, f, kMargin + indent, y_, content_width_ - indent);
    y_ += h + space_after;
  }
  void fit(double height) {
    if (y_ + height > page_height_ - kMargin - kFooter && y_ > kMargin) new_page();
  }
  void new_page() {
    footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }
  void footer() {
    static const Font small = font("DejaVu Sans 7.5");
    cairo_set_source_rgb(cr_, 0.4, 0.4, 0.45);
    draw(title_ + " · page " + std::to_string(page_), small.get(), kMargin,
         page_height_ - kMargin + 8, content_width_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }
  void space(double points) { y_ += points; }
  double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  cairo_t* cr() { return cr_; }
  double content_width() const { return content_width_; }
  double page_height() const { return page_height_; }

 private:
  void set(const std::string& text, const PangoFontDescription* f, double width) {
    pango_layout_set_font_description(layout_, f);
    pango_layout_set_width(layout_, width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    const std::string s = safe(text);
    pango_layout_set_text(layout_, s.c_str(), static_cast<int>(s.size()));
  }

  cairo_t* cr_;
  PangoLayout* layout_;
  std::string title_;
  double page_height_, content_width_;
  double y_ = kMargin;
  int page_ = 1;
};

// Column widths: every column gets its longest word (so words are not broken, up to a third of
// the page), then the space left goes to the columns whose text is longer than that, in
// proportion to how much longer; columns that fit on one line keep their natural width.
std::vector<double> column_widths(Writer& w, const Block& t, const PangoFontDescription* body,
                                  const PangoFontDescription* bold) {
  const std::size_t n = t.items.size();
  const double pad = 2 * kCellPadding;
  std::vector<double> word(n, 0), natural(n, 0);
  auto consider = [&](const std::vector<std::string>& cells, const PangoFontDescription* f) {
    for (std::size_t i = 0; i < n && i < cells.size(); ++i) {
      natural[i] = std::max(natural[i], w.line_width(cells[i], f) + pad + 1);
      std::size_t start = 0;
      while (start <= cells[i].size()) {
        std::size_t end = cells[i].find(' ', start);
        if (end == std::string::npos) end = cells[i].size();
        word[i] = std::max(word[i], w.line_width(cells[i].substr(start, end - start), f) + pad + 1);
        start = end + 1;
      }
    }
  };
  consider(t.items, bold);
  for (const auto& r : t.rows) consider(r, body);
  std::vector<double> widths(n);
  double used = 0, wanting = 0;
  for (std::size_t i = 0; i < n; ++i) {
    widths[i] = std::min(word[i], w.content_width() / 3);
    used += widths[i];
    wanting += natural[i] - widths[i];
  }
  const double left = w.content_width() - used;
  if (left < 0) {  // even the longest words do not fit: shrink every column alike
    for (double& x : widths) x *= w.content_width() / used;
    return widths;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double more = natural[i] - widths[i];
    if (more > 0) widths[i] += left >= wanting ? more : more * left / wanting;
  }
  // Whatever is left after every column got its natural width widens them all alike.
  double total = 0;
  for (double x : widths) total += x;
  if (total < w.content_width())
    for (double& x : widths) x += (w.content_width() - total) / static_cast<double>(n);
  return widths;
}

void table(Writer& w, const Block& t) {
  static const Font body = font("DejaVu Sans 8");
  static const Font bold = font("DejaVu Sans Bold 8");
  const std::vector<double> widths = column_widths(w, t, body.get(), bold.get());
  auto row_height = [&](const std::vector<std::string>& cells, const PangoFontDescription* f) {
    double h = 0;
    for (std::size_t i = 0; i < widths.size(); ++i)
      h = std::max(h, w.measure(i < cells.size() ? cells[i] : "", f, widths[i] - 2 * kCellPadding));
    return h + 2 * kCellPadding;
  };
  auto draw_row = [&](const std::vector<std::string>& cells, const PangoFontDescription* f,
                      double h, bool header) {
    cairo_t* cr = w.cr();
    if (header) {
      cairo_set_source_rgb(cr, 0.92, 0.93, 0.96);
      cairo_rectangle(cr, kMargin, w.y(), w.content_width(), h);
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
    }
    double x = kMargin;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      w.draw(i < cells.size() ? cells[i] : "", f, x + kCellPadding, w.y() + kCellPadding,
             widths[i] - 2 * kCellPadding);
      x += widths[i];
    }
    cairo_set_source_rgb(cr, 0.75, 0.77, 0.82);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, kMargin, w.y() + h);
    cairo_line_to(cr, kMargin + w.content_width(), w.y() + h);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    w.set_y(w.y() + h);
  };
  const double header_h = row_height(t.items, bold.get());
  w.fit(header_h + (t.rows.empty() ? 0 : row_height(t.rows.front(), body.get())));
  draw_row(t.items, bold.get(), header_h, true);
  for (const auto& r : t.rows) {
    const double h = row_height(r, body.get());
    if (w.y() + h > w.page_height() - kMargin - kFooter) {
      w.new_page();
      draw_row(t.items, bold.get(), header_h, true);
    }
    draw_row(r, body.get(), h, false);
  }
  w.space(10);
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::string> pdf_bytes(const Document& doc) {
  std::string out;
  const double width = doc.landscape ? kA4Long : kA4Short;
  const double height = doc.landscape ? kA4Short : kA4Long;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, width, height);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, safe(doc.title).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Crosswalk");
  cairo_t* cr = cairo_create(surface);
  {
    static const Font title = font("DejaVu Sans Bold 17");
    static const Font subtitle = font("DejaVu Sans 9");
    static const Font h2 = font("DejaVu Sans Bold 12.5");
    static const Font h3 = font("DejaVu Sans Bold 10.5");
    static const Font body = font("DejaVu Sans 9.5");
    Writer w(cr, doc.title, width, height);
    w.text(doc.title, title.get(), 0, 4);
    if (!doc.subtitle.empty()) {
      cairo_set_source_rgb(cr, 0.35, 0.37, 0.42);
      w.text(doc.subtitle, subtitle.get(), 0, 10);
      cairo_set_source_rgb(cr, 0, 0, 0);
    }
    for (const Block& b : doc.blocks) {
      switch (b.kind) {
        case Block::Kind::kHeading: {
          const PangoFontDescription* f = b.level <= 2 ? h2.get() : h3.get();
          // A heading stays with at least a line of what follows it.
          w.fit(w.measure(b.text, f, w.content_width()) + 110);
          w.space(b.level <= 2 ? 8 : 4);
          w.text(b.text, f, 0, 5);
          break;
        }
        case Block::Kind::kParagraph:
          w.text(b.text, body.get());
          break;
        case Block::Kind::kBullets:
          for (const auto& item : b.items) w.text("•  " + item, body.get(), 10, 3);
          w.space(4);
          break;
        case Block::Kind::kTable:
          table(w, b);
          break;
      }
    }
    w.footer();
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return Status::IoError(std::string("cannot make the PDF: ") + cairo_status_to_string(status));
  return out;
}

Status write_pdf(const Document& doc, const std::string& path) {
  auto bytes = pdf_bytes(doc);
  if (!bytes.ok()) return bytes.status().with_context(path);
  return write_file_atomically(path, bytes.value());
}

}  // namespace crosswalk::report
