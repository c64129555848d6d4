"""The web front's translation catalogue: what needs an English text, and folding in texts
written the old way (``messages_en.json``, Swedish text -> English text).

``make i18n`` runs pybabel extract/update/compile; ``make i18n-import`` runs
``python -m services.web.catalogue import-json`` first (docs/translations.md).
"""

import argparse
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

WEB = Path(__file__).parent
BABEL_CFG = WEB / "babel.cfg"
PO_FILE = WEB / "locale" / "en" / "LC_MESSAGES" / "messages.po"
MO_FILE = PO_FILE.with_suffix(".mo")
LEGACY_JSON = WEB / "messages_en.json"
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def extracted_ids() -> set[str]:
    """Every Swedish text the templates and modules mark, as pybabel extract finds them."""
    with BABEL_CFG.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    found = extract_from_dir(str(WEB), method_map, options_map, keywords=KEYWORDS)
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def read_catalogue() -> Catalog:
    with PO_FILE.open("rb") as source:
        return read_po(source, locale="en")


def untranslated(catalogue: Catalog, ids: set[str]) -> list[str]:
    """The marked texts without an English translation (missing, empty or fuzzy)."""
    missing = []
    for text in sorted(ids):
        message = catalogue.get(text)
        strings = message.string if message else ""
        translated = all(strings) if isinstance(strings, tuple) else bool(strings)
        if not message or not translated or message.fuzzy:
            missing.append(text)
    return missing


def compiled_differs(catalogue: Catalog) -> bool:
    """Whether the committed .mo is older than the .po (a page would show the old texts)."""
    if not MO_FILE.exists():
        return True
    with MO_FILE.open("rb") as source:
        compiled = read_mo(source)
    wanted = {_key(m.id): _key(m.string) for m in catalogue if m.id and m.string and not m.fuzzy}
    have = {_key(m.id): _key(m.string) for m in compiled if m.id}
    return wanted != have


def _key(value: object) -> object:
    """Plural ids and strings come as lists from one reader and tuples from the other."""
    return tuple(value) if isinstance(value, list | tuple) else value


def save(catalogue: Catalog) -> None:
    with PO_FILE.open("wb") as target:
        write_po(target, catalogue, width=100, omit_header=False, sort_output=True)
    with MO_FILE.open("wb") as target:
        write_mo(target, catalogue)


def import_json(path: Path) -> int:
    """Folds a ``messages_en.json`` into the English catalogue, then removes the file: its
    texts win over the catalogue's (they are the newer), others stay as they are."""
    texts: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    catalogue = read_catalogue()
    for swedish, english in texts.items():
        message = catalogue.get(swedish)
        if message is None:
            catalogue.add(swedish, english)
        elif isinstance(message.id, str):
            message.string = english
            message.flags.discard("fuzzy")
    save(catalogue)
    path.unlink()
    return len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.web.catalogue")
    commands = parser.add_subparsers(dest="command", required=True)
    imported = commands.add_parser("import-json", help="fold messages_en.json into the .po")
    imported.add_argument("path", nargs="?", type=Path, default=LEGACY_JSON)
    commands.add_parser("check", help="list marked texts without an English translation")
    args = parser.parse_args(argv)
    if args.command == "import-json":
        if not args.path.exists():
            print(f"{args.path}: nothing to import")
            return 0
        print(f"{import_json(args.path)} texts imported from {args.path}")
        return 0
    missing = untranslated(read_catalogue(), extracted_ids())
    for text in missing:
        print(f"no English: {text}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
