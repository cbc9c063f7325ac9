// Every pattern list of the generic extractor, in one place (like trafilatura's xpaths.py and
// resiliparse's nav_cls_regex): class/id hints and tag groups. generic_extractor.cc holds the
// logic; tune the lists here.
//
// Hints are matched against the lower-cased `class` and `id` attributes of an element.
// A "word" hint matches when it occurs anywhere in them ("comment" matches "post-comments");
// a "token" hint matches only a whole token after splitting on non-alphanumerics and on
// lower-to-upper case changes ("ad" matches "top-ad" and "adBox" but not "header"), for
// short words that occur inside unrelated longer ones.
#ifndef PRESSOIR_EXTRACTORS_GENERIC_HINTS_H_
#define PRESSOIR_EXTRACTORS_GENERIC_HINTS_H_

#include <array>
#include <string_view>

namespace pressoir::generic::hints {

// Containers that usually hold the article (Readability's `positive`, trafilatura's
// BODY_XPATH). Worth +25 to a candidate's score.
constexpr std::array<std::string_view, 13> kPositiveWords = {"article",   "content", "story", "post", "body",
                                                             "text",      "entry",   "main",  "blog", "hentry",
                                                             "permalink", "detail",  "news"};

// Containers that usually hold boilerplate (Readability's `negative`). Worth -25. Author bios,
// disclaimers, affiliate notices and "browser not supported" banners are prose-like boxes that
// win as the article on pages where the text is short (issue 14, error class 1).
constexpr std::array<std::string_view, 54> kNegativeWords = {
    "comment",    "related",    "share",      "social",       "sharing",        "footer",
    "sidebar",    "promo",      "newsletter", "cookie",       "consent",        "banner",
    "breadcrumb", "byline",     "masthead",   "sponsor",      "outbrain",       "taboola",
    "widget",     "shoutbox",   "skyscraper", "combx",        "contact",        "subscribe",
    "signup",     "popup",      "modal",      "toolbar",      "pagination",     "pager",
    "menu",       "navigation", "navbar",     "tagcloud",     "keywords",       "disqus",
    "reply",      "replies",    "advert",     "gdpr",         "recommend",      "trending",
    "popular",    "most-read",  "mostread",   "teaser",       "recent",         "disclaimer",
    "affiliate",  "author-bio", "authorbio",  "about-author", "browserupgrade", "outdated-browser"};

// Whole-token negatives: short words that are substrings of innocent names.
constexpr std::array<std::string_view, 15> kNegativeTokens = {"ad",    "ads",    "nav",  "tags",  "tag",
                                                              "meta",  "author", "date", "tools", "rss",
                                                              "email", "hidden", "hid",  "print", "bio"};

// Elements pruned before scoring unless they also match kMaybeCandidateWords (Readability's
// `unlikelyCandidates`): these are almost never inside the article text.
constexpr std::array<std::string_view, 38> kUnlikelyWords = {
    "comment",      "related",        "share",           "social",     "footer",
    "sidebar",      "newsletter",     "cookie",          "consent",    "banner",
    "breadcrumb",   "disqus",         "shoutbox",        "skyscraper", "sponsor",
    "combx",        "community",      "remark",          "replies",    "menu",
    "popup",        "pagination",     "pager",           "gdpr",       "outbrain",
    "taboola",      "subscribe",      "signup",          "masthead",   "agegate",
    "tagcloud",     "disclaimer",     "affiliate",       "author-bio", "authorbio",
    "about-author", "browserupgrade", "outdated-browser"};
constexpr std::array<std::string_view, 3> kUnlikelyTokens = {"ad", "ads", "nav"};

// An unlikely-looking element that also matches one of these may still hold the article
// (Readability's `okMaybeItsACandidate`).
constexpr std::array<std::string_view, 7> kMaybeCandidateWords = {"article", "body",  "column", "content",
                                                                  "main",    "story", "entry"};

// Inside the chosen article: blocks pruned outright, whatever their text (the reader never
// wants them): user comments, related-article lists, share bars, newsletter and cookie boxes,
// bylines and tag lists.
constexpr std::array<std::string_view, 38> kBoilerplateWords = {
    "comment",      "related",        "share",           "sharing",    "social",    "newsletter", "cookie",
    "consent",      "byline",         "breadcrumb",      "subscribe",  "signup",    "promo",      "sponsor",
    "outbrain",     "taboola",        "disqus",          "recommend",  "trending",  "popular",    "most-read",
    "mostread",     "pagination",     "pager",           "toolbar",    "tagcloud",  "keywords",   "advert",
    "gdpr",         "dateline",       "recent",          "disclaimer", "affiliate", "author-bio", "authorbio",
    "about-author", "browserupgrade", "outdated-browser"};
constexpr std::array<std::string_view, 3> kBoilerplateTokens = {"ad", "ads", "nav"};

// Weak boilerplate tokens: pruned like kBoilerplateTokens unless the element also has a
// positive hint (blog engines put "author-x tag-y" classes on the article itself).
constexpr std::array<std::string_view, 5> kWeakBoilerplateTokens = {"tags", "author", "tools", "email", "sharebar"};

// The start of the user comments: an element named like this (id, class, or an anchor's
// name) with little text of its own. The rest of the article after it is dropped.
constexpr std::array<std::string_view, 5> kCommentSectionWords = {"comment", "respond", "disqus", "reactions",
                                                                  "leave-reply"};

// A lede or standfirst set apart from the article's text (often in the header box, next to the
// headline): found before the chosen container and added to the article. Not "intro",
// "summary" or "excerpt": on the dev set those named author summaries and other posts' teasers.
constexpr std::array<std::string_view, 7> kLedeWords = {"lede", "standfirst", "chapo",   "chapeau",
                                                        "dek",  "lead-in",    "leadtext"};

}  // namespace pressoir::generic::hints

#endif  // PRESSOIR_EXTRACTORS_GENERIC_HINTS_H_
