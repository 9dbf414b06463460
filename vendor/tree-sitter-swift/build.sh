#!/usr/bin/env bash
# Rebuilds vendor/tree-sitter-swift/tree-sitter-swift.wasm from the sources shipped in the
# tree-sitter-swift@0.7.1 npm package, with scanner.patch applied (see README.md here).
# Needs emscripten (Debian: apt-get install emscripten) and network access to the npm registry.
# Usage: vendor/tree-sitter-swift/build.sh [OUT_WASM]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/tree-sitter-swift.wasm}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent tree-sitter-swift@0.7.1 >/dev/null
tar xzf tree-sitter-swift-0.7.1.tgz
cd package
patch -p1 < "$here/scanner.patch"
emcc -O2 -fPIC -Isrc -c src/parser.c -o parser.o
emcc -O2 -fPIC -Isrc -c src/scanner.c -o scanner.o
emcc -O2 -fPIC -sSIDE_MODULE=2 \
  -sEXPORTED_FUNCTIONS=_tree_sitter_swift,_tree_sitter_swift_external_scanner_create,_tree_sitter_swift_external_scanner_destroy,_tree_sitter_swift_external_scanner_scan,_tree_sitter_swift_external_scanner_serialize,_tree_sitter_swift_external_scanner_deserialize \
  -o "$out" parser.o scanner.o
echo "built $out"
