// Every phrase list of the in-body cleaner (body_cleaner.h), in one place, as data: widget
// headings, promotions, service notices, ad labels, credits. body_cleaner.cc holds the logic;
// extend the lists here (one entry per language form, lower case as described below).
//
// Matching rules (body_cleaner.cc): paragraphs are compared lower-cased (ASCII and the
// Latin-1 letters À..Þ), with leading bullets, arrows and quotes removed, and with typographic
// apostrophes turned into "'". A "lead" phrase matches at the start of a paragraph; a
// "contains" phrase matches anywhere in it. Languages covered: en, fr, de, es, it, nl, pl, pt.
#ifndef PRESSOIR_EXTRACTORS_CLEANING_PHRASES_H_
#define PRESSOIR_EXTRACTORS_CLEANING_PHRASES_H_

#include <array>
#include <string_view>

namespace pressoir::clean::phrases {

// Headings of "read also" widgets and related-article teasers printed inside the text: the
// paragraph is the widget (a heading, or a heading followed by one linked headline).
constexpr std::array<std::string_view, 65> kReadAlsoLeads = {
    // en
    "read more:", "read also", "also read", "read next", "see also", "related:", "related articles", "related stories",
    "more on this", "recommended:", "you may also like", "you might also like", "we recommend", "recommended for you",
    // fr
    "lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également", "voir aussi", "à voir aussi",
    "lire la suite", "sur le même sujet", "ces articles peuvent vous intéresser", "découvrez aussi",
    // de
    "lesen sie auch", "lesen sie mehr", "lesen sie hier", "mehr zum thema", "auch interessant", "das könnte sie",
    "weiterlesen", "siehe auch", "wir empfehlen", "empfehlungen der redaktion", "zum weiterlesen",
    // es
    "te puede interesar", "le puede interesar", "lee también", "leer más", "lea también", "ver también",
    "noticias relacionadas", "también te puede", "te recomendamos", "le recomendamos", "recomendamos:",
    // it
    "leggi anche", "leggi tutto", "potrebbe interessarti", "ti potrebbe interessare", "ti consigliamo",
    // nl
    "lees ook", "lees meer", "zie ook", "ook interessant",
    // pl
    "czytaj także", "czytaj też", "czytaj więcej", "zobacz także", "zobacz też", "polecamy",
    // pt
    "leia também", "veja também", "recomendamos para você"};

// Calls to subscribe, follow, sign up or enter a contest: removed when the paragraph is short and sits at the end
// of the body or is set apart by its style (bold, italic, a link), where promotions go.
constexpr std::array<std::string_view, 71> kPromotionContains = {
    // en
    "newsletter", "sign up for", "sign up to", "subscribe to", "subscribe now", "follow us on",
    "follow us:", "like us on facebook", "download our app", "get the app", "click here to", "enter our competition",
    "enter our contest", "enter to win", "for a chance to win", "unsubscribe at any time", "get notified",
    "delivered to your inbox",
    // fr
    "abonnez-vous", "inscrivez-vous", "suivez-nous", "s'abonner", "je m'abonne", "téléchargez notre application",
    "offre limitée", "participez à notre concours", "participez au concours", "jeu-concours", "jouez et gagnez",
    "tentez de gagner", "tentez votre chance",
    // de
    "abonnieren sie", "jetzt abonnieren", "folgen sie uns", "melden sie sich", "hier anmelden", "jetzt anmelden",
    "gewinnspiel", "mitmachen und gewinnen",
    // es
    "suscríbete", "suscribete", "síguenos", "siguenos", "regístrate", "descarga nuestra",
    "participa en nuestro concurso", "participa en el sorteo", "participa y gana",
    // it
    "iscriviti", "seguici su", "abbonati", "partecipa al concorso", "partecipa e vinci",
    // nl
    "volg ons", "schrijf je in", "abonneer", "meld je aan", "doe mee en win", "maak kans op", "winactie",
    // pl
    "zapisz się", "obserwuj nas", "zaprenumeruj", "weź udział w konkursie",
    // pt
    "assine", "siga-nos", "inscreva-se", "cadastre-se", "baixe o app", "participe do sorteio", "participe e ganhe"};

// Notices of the comment or rating service, wherever they sit: never article text.
constexpr std::array<std::string_view, 36> kServiceContains = {
    // en
    "comments are moderated", "comments will be moderated", "there are currently no comments",
    "be the first to comment", "leave a comment", "post a comment", "rate this article", "rate this story",
    "e-mail this to a friend", "email this to a friend", "share this article", "print this article",
    "buy a copy of this picture",
    // fr
    "commentaires seront modérés", "commentaires sont modérés", "soyez le premier à commenter", "notez cet article",
    "réagir à cet article",
    // de
    "kommentare werden moderiert", "artikel bewerten", "kommentar schreiben",
    // es
    "comentarios son moderados", "comentarios serán moderados", "valora este artículo", "deja tu comentario",
    // it
    "commenti sono moderati", "lascia un commento",
    // nl
    "reacties worden gemodereerd",
    // pl
    "komentarze są moderowane",
    // pt
    "comentários são moderados", "to contact the reporter",
    // blog engines' notice under a post ("You can follow any responses to this entry through the
    // RSS 2.0 feed"), in the words its translations keep
    "rss 2.0 feed", "rss 2.0-feed", "flux rss 2.0", "fil rss 2.0", "trackback from your own site"};

// A paragraph that is only one of these is an advertisement label or a share bar's caption.
constexpr std::array<std::string_view, 30> kLabelParagraphs = {"advertisement",
                                                               "advertising",
                                                               "sponsored",
                                                               "sponsored content",
                                                               "story continues below advertisement",
                                                               "article continues below advertisement",
                                                               "publicité",
                                                               "pub",
                                                               "anzeige",
                                                               "werbung",
                                                               "publicidad",
                                                               "pubblicità",
                                                               "advertentie",
                                                               "reklama",
                                                               "publicidade",
                                                               "share",
                                                               "share this",
                                                               "partager",
                                                               "partagez",
                                                               "teilen",
                                                               "compartir",
                                                               "condividi",
                                                               "delen",
                                                               "udostępnij",
                                                               "compartilhe",
                                                               "print",
                                                               "imprimer",
                                                               "print email",
                                                               "email",
                                                               "e-mail"};

// Words that, followed by ':' (or '/'), open a photo credit or a caption line ("Photo: ...",
// "Crédit : ...", "Foto: dpa").
constexpr std::array<std::string_view, 29> kCreditLeads = {"photo",    "photos",   "foto",    "fotos",        "fot",
                                                           "picture",  "pictures", "image",   "images",       "credit",
                                                           "credits",  "crédit",   "crédits", "illustration", "bild",
                                                           "bilder",   "video",    "vidéo",   "source photo", "zdjęcie",
                                                           "créditos", "crédito",  "source",  "sources",      "quelle",
                                                           "fuente",   "fonte",    "bron",    "źródło"};

// Share buttons, whose labels a share bar prints side by side, often glued together
// ("FacebookTwitterLinkedinEMail"): a paragraph made of two or more of these only is the bar.
// Longer names first where one starts another ("e-mail" before "email" and "mail").
constexpr std::array<std::string_view, 16> kShareButtons = {"facebook",  "twitter", "linkedin", "whatsapp",
                                                            "pinterest", "reddit",  "telegram", "messenger",
                                                            "flipboard", "xing",    "email",    "mail",
                                                            "print",     "share",   "copylink", "e"};

// Credit leads that name a text's source rather than a picture's author: a paragraph ending with
// "(Source: ...)" is article text citing it, not a caption.
constexpr std::array<std::string_view, 7> kSourceLeads = {"source", "sources", "quelle", "fuente",
                                                          "fonte",  "bron",    "źródło"};

// Picture agencies and wire services, as they sign photo credits ("Name / AFP", "(©Adobe
// Stock)", "Getty Images"): a short line that names one and has a credit's shape is a credit.
constexpr std::array<std::string_view, 20> kAgencies = {
    "afp",          "reuters", "ap",          "getty images", "getty", "dpa", "epa",  "ansa",  "belga", "keystone",
    "shutterstock", "istock",  "adobe stock", "efe",          "pap",   "anp", "lusa", "imago", "sipa",  "maxppp"};

// Copyright notices: a short paragraph holding one of these is the site's legal line.
constexpr std::array<std::string_view, 9> kCopyrightContains = {
    "all rights reserved",           "tous droits réservés",         "alle rechte vorbehalten",
    "todos los derechos reservados", "tutti i diritti riservati",    "alle rechten voorbehouden",
    "wszelkie prawa zastrzeżone",    "todos os direitos reservados", "droits de reproduction"};

// Words that open a byline ("By Jane Doe", "Par Jean Dupont"), at the top of the body.
constexpr std::array<std::string_view, 14> kBylineLeads = {"by",   "par",        "von",       "por",        "di",
                                                           "door", "written by", "posted by", "publié par", "texte",
                                                           "text", "autor",      "auteur",    "author"};

// Headings that open the "about the company" boilerplate at the end of a press release.
constexpr std::array<std::string_view, 9> kAboutLeads = {
    "about ", "à propos d", "a propos d", "über ", "acerca de", "sobre ", "informazioni su", "over ", "o firmie"};

}  // namespace pressoir::clean::phrases

#endif  // PRESSOIR_EXTRACTORS_CLEANING_PHRASES_H_
