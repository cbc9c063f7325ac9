# Shared by the benchmark scripts that crawl a generated site served by nginx on 127.0.0.1
# (bench-fetch.sh, bench-memory.sh, bench-reextract.sh). Sourced, not run: the caller sets
# `root` (the source tree) and installs nginx first.
#
#   bench_build_pressoir        builds the release executable (scripts/build.sh release); sets
#                               `pressoir`
#   bench_serve_site PAGES      the usual set-up in one call: a temporary directory `work`
#                               (removed at exit, nginx stopped: an EXIT trap), the site
#                               generated and served, the pressoir config written
#   bench_generate_site PAGES   writes the site to $work/site
#   bench_start_nginx           serves $work/site; sets start_url and nginx_pid_file
#   bench_stop_nginx            for the caller's exit trap
#   bench_write_pressoir_config writes $work/pressoir.yaml (politeness lifted: one local
#                               server) and an empty rule directory $work/sites
#   bench_articles_fetched      distinct article URLs answered 200 since the access log was
#                               last emptied (: >"$work/nginx/logs/access.log")

bench_build_pressoir() {
  echo "bench: building pressoir (release)"
  "$root/scripts/build.sh" release >/dev/null
  pressoir=$root/build-release/pressoir
  [ -x "$pressoir" ] || { echo "bench: $pressoir missing after the build" >&2; exit 2; }
}

bench_serve_site() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/pressoir-bench-XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  bench_generate_site "$1"
  bench_start_nginx
  bench_write_pressoir_config
}

bench_cleanup() {
  bench_stop_nginx
  rm -rf "$work"
}

# A news site: "/" and every article carry a menu of section pages; each article links to
# ~10 others (its children in a 10-ary tree, so every page is within 5 clicks of "/", plus
# related articles) and weighs about 10 KB.
bench_generate_site() {
  echo "bench: generating $1 pages in $work/site"
  python3 - "$work/site" "$1" <<'PY'
import os, random, sys
out, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
words = ("le la les un une des du de et à en pour par sur dans avec sans sous ville commune "
         "conseil budget école élèves projet travaux rue quartier habitants maire échevin "
         "réunion vote décision année semaine hier demain lundi mardi marché culture sport "
         "club match victoire défaite saison festival concert théâtre exposition musée "
         "police enquête tribunal procès témoin accident route trafic gare train bus "
         "santé hôpital médecin patients économie emploi entreprise usine salariés grève "
         "gouvernement ministre parlement loi réforme élection parti opposition majorité").split()
sections = ["politique", "economie", "societe", "culture", "sports", "regions"]

def path(i):
    return "/%s/%04d/%02d/article-%d.html" % (sections[i % len(sections)], 2015 + i % 10, 1 + i % 12, i)

def sentence():
    s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
    return s[0].upper() + s[1:] + "."

def page(title, body_html, links):
    menu = "".join('<li><a href="/%s/">%s</a></li>' % (s, s.capitalize()) for s in sections)
    related = "".join('<li><a href="%s">%s</a></li>' % (path(j), "Article %d" % j) for j in links)
    return ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>%s</title>"
            "<meta name=\"viewport\" content=\"width=device-width\">"
            "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body>"
            "<header class=\"site-header\"><a class=\"logo\" href=\"/\">Le Quotidien</a>"
            "<nav class=\"menu\"><ul><li><a href=\"/\">Accueil</a></li>%s</ul></nav></header>"
            "<main>%s<aside class=\"related\"><h2>À lire aussi</h2><ul>%s</ul></aside></main>"
            "<footer class=\"site-footer\"><p>© Le Quotidien — <a href=\"/\">mentions légales</a></p>"
            "</footer></body></html>\n") % (title, menu, body_html, related)

def write(rel, html):
    full = os.path.join(out, rel.lstrip("/"))
    if full.endswith("/"):
        full += "index.html"
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(html)

def links_of(i):
    children = [j for j in range(i * 10 + 1, i * 10 + 11) if j < count]
    related = [rng.randrange(count) for _ in range(10 - len(children))]
    return children + related

for i in range(count):
    title = sentence()[:70]
    paragraphs = []
    while sum(len(p) for p in paragraphs) < 7000:
        paragraphs.append("<p>%s</p>" % " ".join(sentence() for _ in range(4)))
    body = ('<article><h1>%s</h1><p class="byline">Par la rédaction, le %d/%d/%d</p>%s</article>'
            % (title, 1 + i % 28, 1 + i % 12, 2015 + i % 10, "".join(paragraphs)))
    write(path(i), page(title, body, links_of(i)))
write("/", page("Le Quotidien", "<h1>À la une</h1>", [0] + list(range(1, 10))))
for s in sections:
    write("/%s/" % s, page(s.capitalize(), "<h1>%s</h1>" % s.capitalize(), [0]))
PY
}

bench_start_nginx() {
  nginx_pid_file=$work/nginx/nginx.pid
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/nginx/tmp" "$work/nginx/logs"
  cat >"$work/nginx/nginx.conf" <<EOF
user $(id -un);
worker_processes 2;
pid $nginx_pid_file;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  types { text/html html; text/css css; }
  default_type application/octet-stream;
  access_log $work/nginx/logs/access.log;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  sendfile on;
  keepalive_requests 100000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:$port;
    root $work/site;
    index index.html;
  }
}
EOF
  /usr/sbin/nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/logs/error.log"
  for _ in $(seq 50); do [ -s "$nginx_pid_file" ] && break; sleep 0.1; done
  start_url="http://127.0.0.1:$port/"
  curl -fsS -o /dev/null "$start_url" 2>/dev/null || python3 -c "import urllib.request; urllib.request.urlopen('$start_url')"
  echo "bench: nginx serving $start_url"
}

bench_stop_nginx() {
  if [ -n "${nginx_pid_file:-}" ] && [ -s "$nginx_pid_file" ]; then
    kill "$(cat "$nginx_pid_file")" 2>/dev/null || true
    for _ in $(seq 50); do [ -e "$nginx_pid_file" ] || break; sleep 0.1; done
  fi
}

bench_articles_fetched() {
  awk '$9 == 200 && $7 ~ /\/article-[0-9]+\.html$/ { print $7 }' "$work/nginx/logs/access.log" | sort -u | wc -l
}

bench_write_pressoir_config() {
  mkdir -p "$work/sites"
  cat >"$work/pressoir.yaml" <<EOF
user_agent: pressoir-bench
contact_url: "http://127.0.0.1/"
rule_start_urls: false
use_sitemaps: false
concurrency: 50
per_host_concurrency: 50
per_host_delay: 0
obey_robots: false
max_depth: 1000
retries: 0
archive: ""   # no raw archive unless a run asks for one (--archive DIR)
EOF
}
