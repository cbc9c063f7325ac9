// Issue 7, item 3: a public site must not steer the crawler into the operator's network.
// Unit tests of the address classifier, then the real executable against the fixture server:
// a redirect and a link from the start host (news.test) to another host that resolves to
// 127.0.0.1 (intranet.test) are refused without a connection, unless the config allows it.
#include "crawler/address_policy.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>

#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using pressoir::net::IsPublicAddress;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

}  // namespace

TEST_CASE("non-public IPv4 and IPv6 addresses are recognized", "[crawler][address-policy]") {
  for (const char* address : {"0.0.0.0",
                              "10.0.0.1",
                              "10.255.255.255",
                              "100.64.0.1",
                              "127.0.0.1",
                              "127.1.2.3",
                              "169.254.169.254",
                              "172.16.0.1",
                              "172.31.255.255",
                              "192.0.0.8",
                              "192.168.1.1",
                              "198.18.0.1",
                              "224.0.0.1",
                              "239.255.255.250",
                              "240.0.0.1",
                              "255.255.255.255",
                              "::",
                              "::1",
                              "fc00::1",
                              "fd12:3456::1",
                              "fe80::1",
                              "ff02::1",
                              "::ffff:127.0.0.1",
                              "::ffff:10.0.0.1",
                              "::127.0.0.1",
                              "64:ff9b::a9fe:a9fe",
                              "2002:c0a8:0101::1"}) {
    INFO(address);
    CHECK_FALSE(IsPublicAddress(address));
  }
  for (const char* address : {"1.1.1.1", "8.8.8.8", "93.184.216.34", "172.32.0.1", "172.15.255.255", "100.128.0.1",
                              "192.169.0.1", "11.0.0.1", "2001:4860:4860::8888", "2a00:1450:4007:80f::200e",
                              "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1"}) {
    INFO(address);
    CHECK(IsPublicAddress(address));
  }
  CHECK_FALSE(IsPublicAddress("not an address"));
  CHECK_FALSE(IsPublicAddress("localhost"));
  CHECK_FALSE(IsPublicAddress(""));
}

namespace {

struct PrivateRedirectSite : pressoir::testing::CrawlDirs {
  FixtureServer server;

  explicit PrivateRedirectSite(const std::string& extra_config) {
    WriteFile(config, "per_host_delay: 0\nretries: 0\nmin_article_chars: 50\nlog_file: " + log + "\n" + extra_config);
    fs::create_directories(sites);
    // Both hosts are on the site (its domains), so scope alone would follow them; only the
    // start host was named by the operator.
    WriteFile(sites + "/news.yaml",
              "name: news\n"
              "domains: [news.test, intranet.test]\n"
              "start_urls: ['" +
                  server.UrlFor("news.test", "/") + "']\n");
    server.RouteHost("news.test", "/",
                     pressoir::testing::Html("<html><body><a href=\"/go\">go</a> <a href=\"" +
                                             server.UrlFor("intranet.test", "/linked") +
                                             "\">linked</a></body></html>"));
    server.RouteHost("news.test", "/go", pressoir::testing::Redirect(302, server.UrlFor("intranet.test", "/secret")));
    std::string secret = "<html><body><article><p>" + std::string(300, 's') + "</p></article></body></html>";
    server.RouteHost("intranet.test", "/secret", pressoir::testing::Html(secret));
    server.RouteHost("intranet.test", "/linked", pressoir::testing::Html(secret));
  }

  pressoir::testing::CommandResult Crawl() {
    return RunCommand({PRESSOIR_BINARY, "crawl", "--archive", "", "--config", config, "--sites", sites, "--corpus",
                       corpus, "--state", dir.path() + "/state", "--resolve", server.ResolveEntry("news.test"),
                       "--resolve", server.ResolveEntry("intranet.test")});
  }
};

}  // namespace

TEST_CASE("a redirect or link to a host on a private address is refused unless allowed",
          "[crawler][address-policy][e2e]") {
  SECTION("refused by default: no request reaches the private host") {
    PrivateRedirectSite site("");
    pressoir::testing::CommandResult result = site.Crawl();
    INFO(result.err);
    CHECK(result.exit_code == 1);                             // the refused URLs are failures
    CHECK(site.server.RequestsFor("news.test").size() >= 2);  // robots.txt, /, /go
    CHECK(site.server.RequestsFor("intranet.test").empty());
    std::string log = ReadFileOrEmpty(site.log);
    INFO(log);
    CHECK(log.find(site.server.UrlFor("intranet.test", "") + ": resolves to a non-public address") !=
          std::string::npos);
    CHECK(log.find(site.server.UrlFor("intranet.test", "/secret") + ": forbidden-address") != std::string::npos);
    CHECK(result.out.find("forbidden-address: 2") != std::string::npos);
  }
  SECTION("allow_private_addresses: true follows them") {
    PrivateRedirectSite site("allow_private_addresses: true\n");
    pressoir::testing::CommandResult result = site.Crawl();
    INFO(result.err);
    CHECK(result.exit_code == 0);
    std::set<std::string> paths;
    for (const auto& request : site.server.RequestsFor("intranet.test")) paths.insert(request.path);
    CHECK(paths.count("/secret") == 1);
    CHECK(paths.count("/linked") == 1);
  }
}

namespace {

// Issue 13, item 6: two servers on 127.0.0.1, a public site (news.test, named by the operator)
// whose robots.txt redirects to an internal service (intranet.test: another name, which the
// crawl may not connect to on a private address). `robots_target` is the path on the internal
// service; `hop` is an optional first redirect that stays on news.test.
struct RobotsRedirectSite {
  FixtureServer site;
  FixtureServer internal;
  TempDir dir;
  std::string config = dir.path() + "/crawler.yaml";
  std::string log = dir.path() + "/crawl.log";

  RobotsRedirectSite(const std::string& extra_config, bool hop_on_site) {
    WriteFile(config, "per_host_delay: 0\nretries: 0\nmin_article_chars: 50\nlog_file: " + log + "\n" + extra_config);
    fs::create_directories(dir.path() + "/sites");
    std::string internal_robots = internal.UrlFor("intranet.test", "/robots.txt");
    if (hop_on_site) {
      site.RouteHost("news.test", "/robots.txt", pressoir::testing::Redirect(301, "/moved/robots.txt"));
      site.RouteHost("news.test", "/moved/robots.txt", pressoir::testing::Redirect(302, internal_robots));
    } else {
      site.RouteHost("news.test", "/robots.txt", pressoir::testing::Redirect(302, internal_robots));
    }
    site.RouteHost("news.test", "/",
                   pressoir::testing::Html("<html><body><p>" + std::string(100, 'n') +
                                           "</p><a href=\"/secret\">s</a></body></html>"));
    site.RouteHost("news.test", "/secret", pressoir::testing::Html("<html><body><p>secret</p></body></html>"));
    internal.RouteHost("intranet.test", "/robots.txt", pressoir::testing::Text("User-agent: *\nDisallow: /secret\n"));
  }

  pressoir::testing::CommandResult Crawl() {
    return RunCommand({PRESSOIR_BINARY, "crawl", "--archive", "", "--config", config, "--sites", dir.path() + "/sites",
                       "--corpus", dir.path() + "/corpus", "--state", dir.path() + "/state", "--resolve",
                       site.ResolveEntry("news.test"), "--resolve", internal.ResolveEntry("intranet.test"), "--start",
                       site.UrlFor("news.test", "/")});
  }
};

}  // namespace

TEST_CASE("a start host's robots.txt redirect to a private address is refused unless allowed",
          "[crawler][address-policy][e2e]") {
  for (bool hop_on_site : {false, true}) {
    DYNAMIC_SECTION("refused by default, " << (hop_on_site ? "after a hop on the site" : "first hop")) {
      RobotsRedirectSite sites("", hop_on_site);
      pressoir::testing::CommandResult result = sites.Crawl();
      std::string log = ReadFileOrEmpty(sites.log);
      INFO("stdout: " << result.out << "\nstderr: " << result.err << "\nlog: " << log);
      // Nothing reached the internal service; the site itself got only its robots.txt hops.
      CHECK(sites.internal.RequestsFor("intranet.test").empty());
      std::set<std::string> paths;
      for (const auto& request : sites.site.RequestsFor("news.test")) paths.insert(request.path);
      CHECK(paths.count("/robots.txt") == 1);
      CHECK(paths.count("/") == 0);  // robots.txt unknown: disallowed for this run
      CHECK(log.find(sites.site.UrlFor("news.test", "") + "/robots.txt: redirect to " +
                     sites.internal.UrlFor("intranet.test", "/robots.txt") + " refused") != std::string::npos);
      CHECK(result.out.find("failures: 1 (forbidden-address: 1)") != std::string::npos);
      CHECK(result.exit_code == 1);
    }
  }
  SECTION("allow_private_addresses: true follows it, and its rules apply") {
    RobotsRedirectSite sites("allow_private_addresses: true\n", true);
    pressoir::testing::CommandResult result = sites.Crawl();
    INFO("stdout: " << result.out << "\nstderr: " << result.err << "\nlog: " << ReadFileOrEmpty(sites.log));
    CHECK(result.exit_code == 0);
    CHECK(sites.internal.RequestsFor("intranet.test").size() == 1);
    std::set<std::string> paths;
    for (const auto& request : sites.site.RequestsFor("news.test")) paths.insert(request.path);
    CHECK(paths.count("/") == 1);
    CHECK(paths.count("/secret") == 0);
    CHECK(result.out.find("robots.txt disallowed: 1") != std::string::npos);
  }
}
