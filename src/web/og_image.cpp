#include "web/og_image.h"

#include <cairo.h>

#include <memory>
#include <vector>

#include "core/text.h"

namespace doma::web {

namespace {

constexpr int kWidth = 1200, kHeight = 630;
constexpr const char* kFont = "DejaVu Sans";

struct Rgb {
  double r, g, b;
};
// Dark enough for white text on them and for the band against white.
constexpr Rgb kBands[] = {{0.00, 0.33, 0.60}, {0.55, 0.16, 0.00}, {0.00, 0.42, 0.23},
                          {0.42, 0.13, 0.52}, {0.60, 0.10, 0.20}, {0.20, 0.25, 0.30}};

double Width(cairo_t* cr, const std::string& s) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  return e.x_advance;
}

// A word wider than the line, cut into pieces that fit (at code points).
std::vector<std::string> Pieces(cairo_t* cr, const std::string& word, double max_width) {
  std::vector<std::string> out;
  std::string piece;
  for (char32_t cp : text::Decode(word)) {
    std::string next = piece;
    text::AppendUtf8(next, cp);
    if (!piece.empty() && Width(cr, next) > max_width) {
      out.push_back(std::move(piece));
      piece.clear();
      text::AppendUtf8(piece, cp);
    } else {
      piece = std::move(next);
    }
  }
  if (!piece.empty()) out.push_back(std::move(piece));
  return out;
}

// Greedy wrapping by words at the current font size.
std::vector<std::string> Wrap(cairo_t* cr, std::string_view text, double max_width,
                              std::size_t max_lines) {
  std::vector<std::string> words;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    std::string word(text.substr(at, end - at));
    at = end + 1;
    if (Width(cr, word) <= max_width) {
      words.push_back(std::move(word));
    } else {
      for (auto& p : Pieces(cr, word, max_width)) words.push_back(std::move(p));
    }
  }
  std::vector<std::string> lines;
  std::string line;
  for (auto& word : words) {
    std::string candidate = line.empty() ? word : line + " " + word;
    if (line.empty() || Width(cr, candidate) <= max_width) {
      line = std::move(candidate);
      continue;
    }
    lines.push_back(std::move(line));
    line = std::move(word);
  }
  if (!line.empty()) lines.push_back(std::move(line));
  if (lines.size() > max_lines) {
    lines.resize(max_lines);
    lines.back() += "…";
  }
  return lines;
}

struct TitleLayout {
  double size = 72;
  std::vector<std::string> lines;
};

// The title at 72 pt, or at 60 pt when it takes three lines (so that a long
// one still reads), wrapped to the picture's width.
TitleLayout LayOut(cairo_t* c, std::string_view title) {
  TitleLayout t;
  cairo_select_font_face(c, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(c, t.size);
  t.lines = Wrap(c, title, kWidth - 180, 3);
  if (t.lines.size() == 3) {
    t.size = 60;
    cairo_set_font_size(c, t.size);
    t.lines = Wrap(c, title, kWidth - 180, 3);
  }
  return t;
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::string> OgImagePng(std::string_view site, std::string_view title,
                               std::string_view footer, unsigned band) {
  if (!text::IsValidUtf8(site) || !text::IsValidUtf8(title) || !text::IsValidUtf8(footer))
    return Fail(Error::Internal("an image's text is not UTF-8"));
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                        &cairo_destroy);
  cairo_t* c = cr.get();
  const Rgb& colour = kBands[band % std::size(kBands)];
  cairo_set_source_rgb(c, 1, 1, 1);
  cairo_paint(c);
  cairo_set_source_rgb(c, colour.r, colour.g, colour.b);
  cairo_rectangle(c, 0, 0, 48, kHeight);
  cairo_fill(c);
  cairo_rectangle(c, 48, kHeight - 110, kWidth - 48, 110);
  cairo_fill(c);

  cairo_select_font_face(c, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_source_rgb(c, colour.r, colour.g, colour.b);
  cairo_set_font_size(c, 44);
  cairo_move_to(c, 110, 120);
  cairo_show_text(c, std::string(site).c_str());

  cairo_set_source_rgb(c, 0.07, 0.07, 0.07);
  TitleLayout t = LayOut(c, title);
  double y = 230;
  for (const auto& line : t.lines) {
    cairo_move_to(c, 110, y);
    cairo_show_text(c, line.c_str());
    y += t.size * 1.2;
  }

  cairo_select_font_face(c, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgb(c, 1, 1, 1);
  cairo_set_font_size(c, 38);
  cairo_move_to(c, 110, kHeight - 42);
  cairo_show_text(c, std::string(footer).c_str());

  cairo_surface_flush(surface.get());
  std::string png;
  if (cairo_surface_write_to_png_stream(surface.get(), &Append, &png) != CAIRO_STATUS_SUCCESS ||
      cairo_status(c) != CAIRO_STATUS_SUCCESS)
    return Fail(Error::Internal(std::string("cairo: ") + cairo_status_to_string(cairo_status(c))));
  return png;
}

std::vector<std::string> OgTitleLines(std::string_view title) {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                        &cairo_destroy);
  return LayOut(cr.get(), title).lines;
}

}  // namespace doma::web
