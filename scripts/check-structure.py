#!/usr/bin/env python3
"""Checks the module structure that README.md ("How it is built") describes.

1. Layering: a file of a module includes project headers only from the modules it may depend
   on (MODULE_DEPENDENCIES below; the same graph as CMakeLists.txt's link lines).
2. Internals: a header whose opening comment says it is internal to its module ("Internal to
   ...", "internal header") is included only from its own module and from that module's tests
   (tests/<module>/, tests/fuzz/).
3. Third-party libraries stay in the one unit that owns each (LIBRARY_OWNERS below), so that a
   library can be replaced in one place and module libraries link it PRIVATE.
4. Each module's main header opens with what the module does and what it may depend on.

Usage: scripts/check-structure.py [REPO_DIR]. Prints one "file:line: message" per violation;
exit 0 when there is none, 1 otherwise, 2 on usage errors. Run by ctest (structure_check).
"""
import re
import sys
from pathlib import Path

# module -> the modules its files may include (itself included).
MODULE_DEPENDENCIES = {
    "base": {"base"},
    "extractors": {"base", "extractors"},
    "config": {"base", "extractors", "config"},
    "store": {"base", "store"},
    "warc": {"base", "warc"},
    "crawler": {"base", "extractors", "config", "store", "warc", "crawler"},
    "cli": {"base", "extractors", "config", "store", "warc", "crawler", "cli"},
}

# Each module's main header: opens with the module's description, which says what it may
# depend on.
MAIN_HEADERS = {
    "extractors": "extractors/extract.h",
    "config": "config/config.h",
    "store": "store/corpus.h",
    "warc": "warc/warc.h",
    "crawler": "crawler/crawl.h",
    "cli": "cli/commands.h",
}

# <header prefix> -> the files (glob patterns relative to the repository) that may include it.
LIBRARY_OWNERS = {
    "gumbo.h": ["extractors/html_parser.cc"],
    "yaml-cpp/": ["config/*.cc"],
    "hiredis/": ["crawler/redis_frontier.cc"],
    "sqlite3.h": ["crawler/state.cc"],
    "expat.h": ["crawler/feeds.cc"],
    "uchardet/": ["extractors/charset.cc"],
    "pcre2.h": ["extractors/regex.cc"],
    "cld2/": ["extractors/language.cc"],
    "openssl/": ["base/digest.cc"],
    "zlib.h": ["base/gzip.cc"],
    "curl/": ["crawler/*", "cli/main.cc"],
    "boost/": ["crawler/*"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
INTERNAL = re.compile(r"\binternal (to|header)\b", re.IGNORECASE)


def opening_comment(text):
    lines = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        lines.append(line[2:].strip())
    return " ".join(lines)


def main(argv):
    if len(argv) > 2:
        print("usage: scripts/check-structure.py [REPO_DIR]", file=sys.stderr)
        return 2
    root = Path(argv[1] if len(argv) == 2 else Path(__file__).resolve().parent.parent)
    problems = []
    internal_headers = {}  # "module/file.h" -> module
    sources = []
    for module in MODULE_DEPENDENCIES:
        for path in sorted((root / module).glob("*")):
            if path.suffix not in (".h", ".cc"):
                continue
            relative = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            sources.append((relative, module, text))
            if path.suffix == ".h" and INTERNAL.search(opening_comment(text)):
                internal_headers[relative] = module
    for path in sorted((root / "tests").rglob("*")):
        if path.suffix in (".h", ".cc"):
            relative = path.relative_to(root).as_posix()
            sources.append((relative, None, path.read_text(encoding="utf-8", errors="replace")))

    for relative, module, text in sources:
        for number, line in enumerate(text.splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            kind, header = match.groups()
            if kind == '"':
                target = header.split("/")[0]
                if module is not None and target in MODULE_DEPENDENCIES and target not in MODULE_DEPENDENCIES[module]:
                    problems.append(f"{relative}:{number}: {module}/ may not include {header} "
                                    f"({module} depends on {', '.join(sorted(MODULE_DEPENDENCIES[module]))})")
                owner = internal_headers.get(header)
                if owner is not None:
                    allowed = module == owner or relative.startswith(f"tests/{owner}/") or relative.startswith("tests/fuzz/")
                    if not allowed:
                        problems.append(f"{relative}:{number}: {header} is internal to {owner}/")
            else:
                for prefix, owners in LIBRARY_OWNERS.items():
                    if header.startswith(prefix) and module is not None:
                        if not any(Path(relative).match(pattern) for pattern in owners):
                            problems.append(f"{relative}:{number}: <{header}> belongs to {', '.join(owners)} only")

    for module, header in MAIN_HEADERS.items():
        path = root / header
        if not path.exists():
            problems.append(f"{header}: missing main header of {module}/")
            continue
        comment = opening_comment(path.read_text(encoding="utf-8", errors="replace"))
        if "may depend on" not in comment:
            problems.append(f"{header}:1: the main header of {module}/ must open with what the module does "
                            "and what it may depend on")

    for problem in problems:
        print(problem)
    if problems:
        print(f"check-structure: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check-structure: {len(sources)} files follow the module structure")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
