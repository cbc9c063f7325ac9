"""Generates small news sites for scripts/check-generated-sites.sh: six hosts (site0.test ...) in
English, German, Spanish and Polish, in three markup families (a blog with long excerpts, a
portal with teaser cards and a hero, "div soup" with <br> paragraphs), each with a home page,
section fronts, tag, author and search pages of 1 to 12 entries, an "about" page, and articles
(long, short, photo galleries, live blogs) with share bars, related boxes, newsletter calls and
comments around the text. Independent of tests/support/news_site.cc (the C++ tests' family), so
that the page-type classifier is checked on markup it was not tuned on.

Usage: gen_news_sites.py OUT_DIR [SEED]. Writes OUT_DIR/<host>/<path>/index.html (the layout
scripts/demo_server.py serves), OUT_DIR/labels.tsv (host, path, kind: article, short-article,
gallery, liveblog, listing, other, robots), OUT_DIR/expected.jsonl (per article: the lede and
paragraphs that must be in its text, the related headlines and service lines that must not) and
an empty OUT_DIR/routes.tsv. Deterministic for a seed; the words are a fixed vocabulary.
"""
import json
import os
import random
import sys

out = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
R = random.Random(seed)
WORDS = {
 'en': "the government said on monday that its plan would cut costs for families across the country while critics argued the measure came too late and offered too little to those most affected by rising prices in cities and rural areas alike officials expect parliament to vote next week after months of debate".split(),
 'de': "die regierung hat am montag angekündigt dass der plan die kosten für familien im ganzen land senken soll während kritiker meinen die maßnahme komme zu spät und biete zu wenig für jene die am stärksten von steigenden preisen in städten und auf dem land betroffen sind das parlament soll nächste woche abstimmen".split(),
 'es': "el gobierno anunció el lunes que su plan reduciría los costes para las familias de todo el país mientras los críticos sostienen que la medida llega tarde y ofrece muy poco a los más afectados por la subida de precios en las ciudades y en el campo el parlamento votará la próxima semana tras meses de debate".split(),
 'pl': "rząd ogłosił w poniedziałek że jego plan obniży koszty dla rodzin w całym kraju podczas gdy krytycy twierdzą że środek przychodzi za późno i oferuje zbyt mało najbardziej dotkniętym rosnącymi cenami w miastach i na wsi parlament ma głosować w przyszłym tygodniu po miesiącach debaty".split(),
}
UI = {
 'en': dict(related="Related stories", more="Read more", share="Share", comments="Comments", by="By", sections=["Politics","Business","Sport","Culture","Science","World"], newsletter="Sign up for our newsletter", mostread="Most read", tag="Tag", author="Author", page="Page", search="Search results for", about="About us", notfound="Page not found", live="Live updates"),
 'de': dict(related="Mehr zum Thema", more="Weiterlesen", share="Teilen", comments="Kommentare", by="Von", sections=["Politik","Wirtschaft","Sport","Kultur","Wissen","Ausland"], newsletter="Jetzt Newsletter abonnieren", mostread="Meistgelesen", tag="Thema", author="Autor", page="Seite", search="Suchergebnisse für", about="Über uns", notfound="Seite nicht gefunden", live="Liveticker"),
 'es': dict(related="Te puede interesar", more="Leer más", share="Compartir", comments="Comentarios", by="Por", sections=["Política","Economía","Deportes","Cultura","Ciencia","Internacional"], newsletter="Suscríbete a nuestro boletín", mostread="Lo más leído", tag="Etiqueta", author="Autor", page="Página", search="Resultados de búsqueda para", about="Quiénes somos", notfound="Página no encontrada", live="Directo"),
 'pl': dict(related="Zobacz także", more="Czytaj więcej", share="Udostępnij", comments="Komentarze", by="Autor:", sections=["Polityka","Gospodarka","Sport","Kultura","Nauka","Świat"], newsletter="Zapisz się do newslettera", mostread="Najczęściej czytane", tag="Tag", author="Autor", page="Strona", search="Wyniki wyszukiwania dla", about="O nas", notfound="Nie znaleziono strony", live="Relacja na żywo"),
}
def sent(lang, n=None):
    n = n or R.randint(10, 24); w = [R.choice(WORDS[lang]) for _ in range(n)]
    return w[0].capitalize() + " " + " ".join(w[1:]) + "."
def para(lang, s=None): return " ".join(sent(lang) for _ in range(s or R.randint(2, 5)))
def title(lang): return sent(lang, R.randint(6, 11))[:-1]
def slug(t): return "-".join(t.lower().split()[:6]).replace("ä","a").replace("ö","o").replace("ü","u").replace("ß","ss")

labels = []
expected = []
def write(host, path, body, kind):
    d = os.path.join(out, host, path.lstrip("/"))
    f = os.path.join(d, "index.html") if path.endswith("/") else d
    os.makedirs(os.path.dirname(f), exist_ok=True)
    open(f, "w", encoding="utf-8").write(body)
    labels.append((host, path, kind))

def make_site(host, lang, theme):
    ui = UI[lang]
    secs = ui['sections'][:R.randint(3, 6)]
    arts = []
    for i in range(R.randint(14, 22)):
        sec = R.choice(secs); t = title(lang); y, m, dd = 2026, R.randint(1, 11), R.randint(1, 28)
        kind = 'article'
        r = R.random()
        if r < 0.12: kind = 'short-article'
        elif r < 0.18: kind = 'gallery'
        elif r < 0.23: kind = 'liveblog'
        path = f"/{slug(sec)}/{y}/{m:02d}/{dd:02d}/{slug(t)}-{R.randint(10000,99999)}" + (".html" if theme != 'wp' else "/")
        if theme == 'wp': path = f"/{y}/{m:02d}/{slug(t)}/"
        arts.append(dict(sec=sec, title=t, path=path, date=f"{y}-{m:02d}-{dd:02d}", kind=kind, author=R.choice(["Anna Weber","John Smith","María López","Piotr Nowak"]), tag=R.choice(["economy","climate","health","elections"]), lede=sent(lang, 25)))
    def nav():
        return "<header class='site-header'><a href='/' class='logo'>%s</a><nav class='main-nav'><ul>%s</ul></nav><form action='/search/'><input name=q></form></header>" % (host, "".join(f"<li><a href='/{slug(s)}/'>{s}</a></li>" for s in secs))
    def footer():
        return "<footer><ul>%s</ul><p>© 2026 %s. All rights reserved.</p><a href='/about/'>%s</a></footer>" % ("".join(f"<li><a href='/{slug(s)}/'>{s}</a></li>" for s in secs), host, ui['about'])
    def mostread():
        sample = R.sample(arts, min(5, len(arts)))
        return f"<aside class='most-read'><h3>{ui['mostread']}</h3><ol>" + "".join(f"<li><a href='{a['path']}'>{a['title']}</a></li>" for a in sample) + "</ol></aside>"
    def page(t, main, extra_head="", og="website"):
        return f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{t} | {host}</title><meta property='og:type' content='{og}'><meta property='og:title' content='{t}'>{extra_head}<link rel=stylesheet href='/s.css'></head><body>{nav()}<main>{main}</main>{mostread()}{footer()}</body></html>"
    def teaser(a, style):
        if style == 'card':
            return f"<div class='card'><a href='{a['path']}'><img src='/img/{R.randint(1,99)}.jpg'><h3>{a['title']}</h3></a><p class='teaser'>{a['lede']}</p></div>"
        if style == 'excerpt':  # WordPress-like: long excerpt
            return f"<article class='post'><h2 class='entry-title'><a href='{a['path']}'>{a['title']}</a></h2><div class='meta'>{a['date']} · {a['author']}</div><div class='entry-summary'><p>{para(lang, 3)}</p></div><a class='more-link' href='{a['path']}'>{ui['more']} →</a></article>"
        if style == 'bare':  # div soup
            return f"<div class=t><b><a href='{a['path']}'>{a['title']}</a></b><br>{a['lede']}<br><br></div>"
        return f"<li><a href='{a['path']}'>{a['title']}</a> <span>{a['date']}</span></li>"
    def listing(t, items, intro=""):
        style = {'wp': 'excerpt', 'portal': 'card', 'soup': 'bare'}[theme]
        if R.random() < 0.2: style = 'list'
        if style == 'list':
            body = f"<h1>{t}</h1>{intro}<ul class='list'>" + "".join(teaser(a, style) for a in items) + "</ul>"
        else:
            hero = ""
            if theme == 'portal' and items:
                a = items[0]; hero = f"<section class='hero'><a href='{a['path']}'><h2>{a['title']}</h2></a><p>{para(lang,2)}</p></section>"
            body = f"<h1>{t}</h1>{intro}{hero}<section class='teasers'>" + "".join(teaser(a, style) for a in items) + "</section>"
        body += f"<nav class='pagination'><a href='?page=2'>{ui['page']} 2</a></nav>"
        return page(t, body)
    # articles
    for a in arts:
        paras = [para(lang) for _ in range(R.randint(5, 12) if a['kind'] == 'article' else 2)]
        a['paras'] = paras
        related = R.sample([r for r in arts if r is not a], 4)
        rel = f"<aside class='related'><h2>{ui['related']}</h2><ul>" + "".join(f"<li><a href='{r['path']}'>{r['title']}</a></li>" for r in related) + "</ul></aside>"
        share = f"<div class='share'><a href='https://twitter.com/share'>{ui['share']}</a> <a href='https://facebook.com/sharer'>Facebook</a></div>"
        comments = f"<section id='comments'><h2>{ui['comments']} (3)</h2>" + "".join(f"<div class='comment'><b>user{i}</b><p>{sent(lang)}</p></div>" for i in range(3)) + "</section>"
        jsonld = "<script type='application/ld+json'>" + json.dumps({"@context":"https://schema.org","@type":"NewsArticle","headline":a['title'],"datePublished":a['date']+"T08:00:00+01:00","author":{"@type":"Person","name":a['author']}}) + "</script>"
        if a['kind'] == 'gallery':
            body = f"<article><h1>{a['title']}</h1>" + "".join(f"<figure><img src='/g/{i}.jpg'><figcaption>{sent(lang, 8)}</figcaption></figure>" for i in range(8)) + "</article>"
        elif a['kind'] == 'liveblog':
            body = f"<article><h1>{ui['live']}: {a['title']}</h1><p class=lede>{a['lede']}</p>" + "".join(f"<div class='entry'><time>{10+i}:{R.randint(10,59)}</time><h3>{title(lang)}</h3><p>{para(lang,2)}</p></div>" for i in range(10)) + "</article>"
        else:
            inline = lambda p: p.replace(" the ", f" <a href='{R.choice(arts)['path']}'>the</a> ", 1) if R.random() < 0.4 else p
            if theme == 'soup':
                text = "<br><br>".join(inline(p) for p in paras)
                body = f"<div id='content'><h1>{a['title']}</h1><div class='date'>{a['date']}</div><div id='cuerpo'>{a['lede']}<br><br>{text}</div>{share}</div>{rel}{comments}"
            else:
                mid = len(paras)//2
                ps = "".join(f"<p>{inline(p)}</p>" for p in paras[:mid]) + (f"<div class='inline-related'><strong>{ui['related']}:</strong> <a href='{related[0]['path']}'>{related[0]['title']}</a></div>" if R.random()<0.5 else "") + "".join(f"<p>{inline(p)}</p>" for p in paras[mid:])
                nl = f"<div class='newsletter'><p>{ui['newsletter']}</p><form><input type=email></form></div>"
                body = f"<article class='story'><h1>{a['title']}</h1><p class='byline'>{ui['by']} <a href='/author/{slug(a['author'])}/'>{a['author']}</a> · <time datetime='{a['date']}'>{a['date']}</time></p><p class='lede'><strong>{a['lede']}</strong></p>{share}<div class='story-body'>{ps}</div>{nl}<ul class='tags'><li><a href='/tag/{a['tag']}/'>{a['tag']}</a></li></ul></article>{rel}{comments}"
        write(host, a['path'], page(a['title'], body, jsonld if R.random() < 0.7 else "", "article"), a['kind'])
        if a['kind'] in ('article', 'short-article'):
            expected.append({"host": host, "path": a['path'], "must": [a['lede']] + paras,
                             "must_not": [r['title'] for r in related] + [ui['newsletter'], ui['comments']]})
    write(host, "/", listing(host, R.sample(arts, min(12, len(arts)))), 'listing')
    for s in secs:
        items = [a for a in arts if a['sec'] == s] or arts[:3]
        write(host, f"/{slug(s)}/", listing(s, items), 'listing')
    for tg in sorted({a['tag'] for a in arts}):
        items = [a for a in arts if a['tag'] == tg]
        write(host, f"/tag/{tg}/", listing(f"{ui['tag']}: {tg}", items), 'listing')
    for au in sorted({a['author'] for a in arts}):
        items = [a for a in arts if a['author'] == au]
        bio = f"<div class='author-bio'><img src='/a.jpg'><p>{para(lang, 3)}</p></div>"
        write(host, f"/author/{slug(au)}/", listing(f"{au}", items, bio), 'listing')
    write(host, "/search/", listing(f"{ui['search']} “plan”", R.sample(arts, 6)), 'listing')
    write(host, "/about/", page(ui['about'], f"<h1>{ui['about']}</h1><p>{para(lang,3)}</p><p>{para(lang,2)}</p><h2>Contact</h2><p>contact@{host}</p>"), 'other')
    write(host, "/robots.txt", "User-agent: *\nDisallow:\n", 'robots')
    # 404 served as 200 linked from home? add link in footer? link via about page
for i, (lang, theme) in enumerate([('en','wp'),('de','portal'),('es','soup'),('pl','portal'),('en','portal'),('de','wp')]):
    make_site(f"site{i}.test", lang, theme)
with open(os.path.join(out, "labels.tsv"), "w") as f:
    for l in labels: f.write("\t".join(l) + "\n")
with open(os.path.join(out, "routes.tsv"), "w") as f: f.write("")
with open(os.path.join(out, "expected.jsonl"), "w") as f:
    for e in expected: f.write(json.dumps(e, ensure_ascii=False) + "\n")
print(len(labels))
