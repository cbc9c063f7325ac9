// Site-level boilerplate learning (issue 5, item 2): lines that repeat across pages of a site
// are learned per site, removed, bounded in memory and persisted with the crawl state.
#include "extractors/boilerplate.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace {

using pressoir::boilerplate::LineFingerprint;
using pressoir::boilerplate::SiteBoilerplate;
using pressoir::text::Paragraph;

const std::string kMenu = "Accueil\nPolitique\nSport";
const std::string kRadio = "Ecoutez Radio Sputnik";
const std::string kAd = "Votre publicité ici avec IMPACT_medias";
const std::string kFooter = "© 2024 Le Quotidien, tous droits réservés";

std::string Url(int page) { return "https://news.example/article-" + std::to_string(page); }

// A unique article sentence for page `page` (short, so that only its uniqueness protects it).
std::string ArticleLine(int page, int line = 0) {
  return "Le conseil communal numéro " + std::to_string(page) + " a voté le point " + std::to_string(line) + ".";
}

// One page of a site with a template: menu, radio banner, article, ad, footer.
std::vector<Paragraph> TemplatePage(int page) {
  return {{kMenu}, {kRadio}, {ArticleLine(page)}, {kAd + "\n" + ArticleLine(page, 1)}, {kFooter}};
}

std::vector<std::string> Texts(const std::vector<Paragraph>& paragraphs) {
  std::vector<std::string> out;
  for (const auto& paragraph : paragraphs) out.push_back(paragraph.text);
  return out;
}

// Observes page `page` of `site`, then filters it (the crawl loop's order); returns the text.
std::vector<std::string> ObserveAndFilter(SiteBoilerplate& learner, const std::string& site, int page,
                                          std::vector<Paragraph> paragraphs) {
  learner.Observe(site, Url(page), paragraphs);
  learner.Filter(site, paragraphs);
  return Texts(paragraphs);
}

}  // namespace

// The fingerprint ignores case and whitespace differences (language-neutral folding of Latin,
// Greek and Cyrillic capitals; no-break spaces collapse like spaces).
TEST_CASE("line fingerprints fold case and whitespace", "[extractors]") {
  CHECK(LineFingerprint("Ecoutez Radio Sputnik") == LineFingerprint("  ECOUTEZ   radio\xC2\xA0sputnik "));
  CHECK(LineFingerprint("ÉCOUTEZ") == LineFingerprint("écoutez"));
  CHECK(LineFingerprint("НОВОСТИ") == LineFingerprint("новости"));
  CHECK(LineFingerprint("Ecoutez") != LineFingerprint("Écoutez"));
  CHECK(LineFingerprint("   ") == 0);
  CHECK(LineFingerprint("\xFF\xFE broken") != 0);
}

// The first pages of a site are never filtered; a line printed on every page is learned after
// min_pages pages and removed from then on, with its case or spacing variants. Lines of a
// paragraph are removed one by one; a paragraph left empty is dropped. Filter returns what it
// removed (for --explain).
TEST_CASE("lines on every page are learned after min_pages pages", "[extractors]") {
  SiteBoilerplate learner;
  CHECK(ObserveAndFilter(learner, "quotidien", 1, TemplatePage(1)) == Texts(TemplatePage(1)));
  CHECK(ObserveAndFilter(learner, "quotidien", 2, TemplatePage(2)) == Texts(TemplatePage(2)));
  CHECK(ObserveAndFilter(learner, "quotidien", 3, TemplatePage(3)) ==
        std::vector<std::string>{ArticleLine(3), ArticleLine(3, 1)});

  std::vector<Paragraph> page = {{"ACCUEIL\nUne ligne neuve"}, {"  ecoutez  radio\xC2\xA0sputnik"}, {ArticleLine(99)}};
  std::vector<std::string> removed = learner.Filter("quotidien", page);
  CHECK(Texts(page) == std::vector<std::string>{"Une ligne neuve", ArticleLine(99)});
  CHECK(removed == std::vector<std::string>{"ACCUEIL", "ecoutez radio sputnik"});
  CHECK(learner.Stats("quotidien").learned == 6);  // 3 menu lines, radio, ad, footer
}

// The share is measured over the pages since a line was first counted: a line on a small share
// of the pages (a sentence quoted in a few articles) is kept, while a short agency tag on half
// of them is learned (accepted for a news corpus, see boilerplate.h).
TEST_CASE("only lines on a large share of the pages are learned", "[extractors]") {
  SiteBoilerplate learner;
  const std::string quote = "« Nous ne lâcherons rien », a déclaré le ministre.";
  const std::string tag = "(Belga)";
  for (int i = 1; i <= 200; ++i) {
    std::vector<Paragraph> page = {{ArticleLine(i)}};
    if (i % 20 == 0) page.push_back({quote});
    if (i % 2 == 0) page.push_back({tag});
    learner.Observe("belge", Url(i), page);
  }
  std::vector<Paragraph> page = {{ArticleLine(1000)}, {quote}, {tag}};
  learner.Filter("belge", page);
  CHECK(Texts(page) == std::vector<std::string>{ArticleLine(1000), quote});
}

// A banner added by a site after many pages is learned as fast as on a new site, and a line the
// site stopped printing is kept again once it is no longer on a large share of the pages.
TEST_CASE("learning follows a site's changes", "[extractors]") {
  SiteBoilerplate learner;
  const std::string old_banner = "Abonnez-vous à notre newsletter";
  int i = 1;
  for (; i <= 300; ++i) learner.Observe("site", Url(i), {{ArticleLine(i)}, {old_banner}});
  std::vector<Paragraph> probe = {{old_banner}};
  learner.Filter("site", probe);
  CHECK(probe.empty());

  for (int end = i + 3; i < end; ++i) learner.Observe("site", Url(i), {{ArticleLine(i)}, {kRadio}});
  probe = {{kRadio}, {ArticleLine(i)}};
  learner.Filter("site", probe);
  CHECK(Texts(probe) == std::vector<std::string>{ArticleLine(i)});

  for (int end = i + 1000; i < end; ++i) learner.Observe("site", Url(i), {{ArticleLine(i)}, {kRadio}});
  probe = {{old_banner}};
  learner.Filter("site", probe);
  CHECK(Texts(probe) == std::vector<std::string>{old_banner});
}

// What is learned on one site is never applied to another.
TEST_CASE("sites are learned separately", "[extractors]") {
  SiteBoilerplate learner;
  for (int i = 1; i <= 5; ++i) learner.Observe("a.example", Url(i), TemplatePage(i));
  learner.Observe("b.example", Url(1), TemplatePage(1));
  std::vector<Paragraph> page = TemplatePage(7);
  CHECK(learner.Filter("b.example", page).empty());
  CHECK(Texts(page) == Texts(TemplatePage(7)));
  CHECK(learner.Filter("unknown.example", page).empty());
  CHECK(learner.Filter("a.example", page).size() == 6);
}

// Re-processing the same URL (a retry, a re-crawl) does not count its lines again.
TEST_CASE("the same URL is counted once", "[extractors]") {
  SiteBoilerplate learner;
  for (int round = 0; round < 5; ++round) learner.Observe("site", Url(1), TemplatePage(1));
  CHECK(learner.Stats("site").pages == 1);
  CHECK(learner.Stats("site").learned == 0);
  std::vector<Paragraph> page = TemplatePage(1);
  CHECK(learner.Filter("site", page).empty());
  learner.Observe("site", Url(2), {});  // a page with no text is not a page
  CHECK(learner.Stats("site").pages == 1);
}

// Article paragraphs are long, template lines short: a line longer than max_line_chars code
// points is never learned or removed, whatever its repetition. Shorter lines are measured in
// code points, not bytes.
TEST_CASE("long lines are never removed", "[extractors]") {
  SiteBoilerplate learner;
  const std::string long_line(301, 'x');
  std::string accented_line;
  for (int k = 0; k < 300; ++k) accented_line += "é";  // 300 code points, 600 bytes
  for (int i = 1; i <= 20; ++i) {
    learner.Observe("site", Url(i), {{long_line}, {accented_line + "\n" + ArticleLine(i)}});
  }
  std::vector<Paragraph> page = {{long_line}, {accented_line + "\n" + ArticleLine(50)}};
  CHECK(learner.Filter("site", page) == std::vector<std::string>{accented_line});
  CHECK(Texts(page) == std::vector<std::string>{long_line, ArticleLine(50)});
  CHECK(learner.Stats("site").learned == 1);
}

// The learned state survives a run: Serialize, then Load into a fresh object, filters the same
// way, and remembers the pages already counted.
TEST_CASE("learned boilerplate persists", "[extractors]") {
  SiteBoilerplate first;
  for (int i = 1; i <= 10; ++i) first.Observe("a.example", Url(i), TemplatePage(i));
  first.Observe("b.example", Url(1), TemplatePage(1));
  first.Observe("b.example", Url(2), TemplatePage(2));

  auto blobs = first.Serialize();
  REQUIRE(blobs.size() == 2);
  CHECK(blobs[0].first == "a.example");
  CHECK(blobs[1].first == "b.example");
  SiteBoilerplate second;
  for (const auto& [site, blob] : blobs) second.Load(site, blob);

  for (const std::string site : {"a.example", "b.example"}) {
    std::vector<Paragraph> page_first = TemplatePage(42);
    std::vector<Paragraph> page_second = TemplatePage(42);
    CHECK(first.Filter(site, page_first) == second.Filter(site, page_second));
    CHECK(Texts(page_first) == Texts(page_second));
    CHECK(second.Stats(site).pages == first.Stats(site).pages);
    CHECK(second.Stats(site).learned == first.Stats(site).learned);
  }
  // b.example saw 2 pages in the first run; one more page in the next run completes the
  // learning, and a page already counted in the first run is not counted again.
  second.Observe("b.example", Url(2), TemplatePage(2));
  CHECK(second.Stats("b.example").pages == 2);
  CHECK(ObserveAndFilter(second, "b.example", 3, TemplatePage(3)) ==
        std::vector<std::string>{ArticleLine(3), ArticleLine(3, 1)});
  // A round trip of the reloaded state gives the same blob.
  SiteBoilerplate third;
  for (const auto& [site, blob] : blobs) third.Load(site, blob);
  CHECK(third.Serialize() == blobs);
}

// A corrupted or foreign blob costs the learned boilerplate, never the crawl: it is ignored,
// leaves the site as it was, and never throws.
TEST_CASE("bad blobs are ignored", "[extractors]") {
  SiteBoilerplate source;
  for (int i = 1; i <= 5; ++i) source.Observe("site", Url(i), TemplatePage(i));
  const std::string blob = source.Serialize().at(0).second;

  SECTION("garbage and wrong shapes") {
    SiteBoilerplate learner;
    const std::vector<std::string> bad_blobs = {
        "",
        "not json",
        "[]",
        "null",
        "{}",
        R"({"v":2,"pages":5,"urls":"","fp":"","n":[],"age":[]})",                      // version
        R"({"v":1,"pages":-5,"urls":"","fp":"","n":[],"age":[]})",                     // negative
        R"({"v":1,"pages":5,"urls":"xyz","fp":"","n":[],"age":[]})",                   // not hex
        R"({"v":1,"pages":5,"urls":"","fp":"00000000000000aa","n":[1,2],"age":[0]})",  // sizes
        R"({"v":1,"pages":5,"urls":"","fp":"00000000000000aa","n":["1"],"age":[0]})",  // type
        R"({"v":1,"pages":5,"urls":"","fp":"00000000000000aa","n":[4],"age":[1]})",    // count > span
        R"({"v":1,"pages":5,"urls":"","fp":"00000000000000aa","n":[1],"age":[5]})",    // age >= pages
    };
    for (const std::string& bad : bad_blobs) {
      CHECK_NOTHROW(learner.Load("site", bad));
      CHECK(learner.Stats("site").pages == 0);
    }
  }
  SECTION("every truncation and byte flip") {
    for (size_t length = 0; length < blob.size(); ++length) {
      SiteBoilerplate learner;
      CHECK_NOTHROW(learner.Load("site", blob.substr(0, length)));
      CHECK(learner.Stats("site").pages == 0);
    }
    for (size_t k = 0; k < blob.size(); ++k) {
      std::string flipped = blob;
      flipped[k] = static_cast<char>(flipped[k] ^ 0x5a);
      SiteBoilerplate learner;
      CHECK_NOTHROW(learner.Load("site", flipped));
    }
  }
  SECTION("a bad blob leaves the site as it was") {
    SiteBoilerplate learner;
    learner.Load("site", blob);
    learner.Load("site", blob.substr(0, blob.size() / 2));
    CHECK(learner.Stats("site").pages == 5);
    CHECK(learner.Stats("site").learned == 6);
  }
}

// Extraction runs on a thread pool: Observe, Filter, Serialize, Load and Stats may run at once
// (this test is also run under -fsanitize=thread).
TEST_CASE("boilerplate learning is thread-safe", "[extractors]") {
  SiteBoilerplate learner;
  constexpr int kThreads = 8;
  constexpr int kPagesPerThread = 100;
  std::atomic<bool> failed = false;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string site = "site" + std::to_string(t % 3);
      for (int k = 0; k < kPagesPerThread; ++k) {
        const int page_number = t * kPagesPerThread + k;
        std::vector<Paragraph> page = TemplatePage(page_number);
        learner.Observe(site, Url(page_number), page);
        learner.Filter(site, page);
        // The article line is unique to this page: never removed.
        if (page.size() < 2 || page[page.size() < 5 ? 0 : 2].text != ArticleLine(page_number)) failed = true;
        if (k % 25 == 0) learner.Load("loaded", learner.Serialize().at(0).second);
        learner.Stats(site);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK_FALSE(failed);
  uint64_t pages = 0;
  for (const char* site : {"site0", "site1", "site2"}) {
    pages += learner.Stats(site).pages;
    CHECK(learner.Stats(site).learned == 6);
  }
  CHECK(pages == kThreads * kPagesPerThread);
}

// Memory per site is bounded whatever the crawl: the line table and the page memory stay under
// their caps, the persisted blob too, and learning still works when the table is full (the
// single sightings of article lines are forgotten first).
TEST_CASE("memory stays bounded with many distinct lines", "[extractors]") {
  SiteBoilerplate::Options options;
  options.max_fingerprints_per_site = 1000;
  options.max_remembered_pages = 200;
  SiteBoilerplate learner(options);
  int i = 1;
  for (; i <= 3000; ++i) {
    std::vector<Paragraph> page = TemplatePage(i);
    for (int line = 2; line < 40; ++line) page.push_back({ArticleLine(i, line)});
    learner.Observe("site", Url(i), page);
    REQUIRE(learner.Stats("site").fingerprints <= 1000);
  }
  CHECK(learner.Stats("site").remembered_pages == 200);
  CHECK(learner.Stats("site").pages == 3000);
  std::vector<Paragraph> page = TemplatePage(i);
  CHECK(learner.Filter("site", page).size() == 6);

  // A banner that appears late is learned despite the full table.
  for (int end = i + 3; i < end; ++i) {
    std::vector<Paragraph> with_banner = TemplatePage(i);
    with_banner.push_back({"Nouveau : notre application"});
    for (int line = 2; line < 40; ++line) with_banner.push_back({ArticleLine(i, line)});
    learner.Observe("site", Url(i), with_banner);
  }
  page = {{"Nouveau : notre application"}};
  learner.Filter("site", page);
  CHECK(page.empty());

  // A flood of lines on one page counts only max_lines_per_page of them.
  std::vector<Paragraph> flood;
  for (int line = 0; line < 5000; ++line) flood.push_back({"item " + std::to_string(line)});
  learner.Observe("site", "https://news.example/flood", flood);
  CHECK(learner.Stats("site").fingerprints <= 1000);
  page = TemplatePage(i);
  CHECK(learner.Filter("site", page).size() == 6);

  auto blobs = learner.Serialize();
  REQUIRE(blobs.size() == 1);
  CHECK(blobs[0].second.size() < 1000 * 40 + 200 * 16 + 200);
}
