#!/usr/bin/env bash
# The one script behind the README's commands.
#
#   scripts/dev.sh demo     install what is missing, build the package and the demo (www/, Vite),
#                           start the peer (unless www/config.json names a real pool), serve it
#   scripts/dev.sh test     install what is missing, then every check CI runs
#   scripts/dev.sh build    build the release npm package into dist/pkg
#   scripts/dev.sh peer     run the local Cognito peer in the foreground
#   scripts/dev.sh install  only install what is missing
#   scripts/dev.sh bench    build, then the side-by-side SRP benchmark (docs/BENCHMARKS.md)
#   scripts/dev.sh size     where the package's bytes go (twiggy top; installs twiggy)
#   scripts/dev.sh fuzz [N] the property-based tests, N cases per target (default 1000000), release
#
# Every install step is idempotent: it checks first and skips what is already there. Tools the
# project installs for itself live in .tools/ (gitignored); cargo tools go to ~/.cargo/bin.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TOOLS="$ROOT/.tools"
VENV="$TOOLS/venv"
PEER_PORT=${PEER_PORT:-9230}
DEMO_PORT=${DEMO_PORT:-8080}
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# --- install ------------------------------------------------------------------------------------

# The wasm-bindgen version pinned in Cargo.toml (=x.y.z), which the CLI must equal.
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"$/\1/p' Cargo.toml
}

install_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  for component in clippy rustfmt; do
    if ! rustup component list --installed | grep -q "^$component"; then
      rustup component add "$component"
    fi
  done
  local want have
  want=$(wasm_bindgen_version)
  [ -n "$want" ] || die "Cargo.toml must pin wasm-bindgen exactly (wasm-bindgen = \"=x.y.z\")"
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
    log "cargo install wasm-bindgen-cli $want (about 5 minutes the first time)"
    # Without --locked: the CLI's own lockfile names a crate version the registry lacks.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

install_node() {
  command -v node >/dev/null || die "Node.js 20+ is required"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js 20+ is required (found $(node --version))"
  local stamp="$ROOT/tests/node_modules/.installed-lock"
  if ! cmp -s "$ROOT/tests/package-lock.json" "$stamp"; then
    log "npm ci (tests/: the official client as oracle, binaryen's wasm-opt)"
    (cd "$ROOT/tests" && npm ci --no-audit --no-fund)
    cp "$ROOT/tests/package-lock.json" "$stamp"
  fi
}

# The oldest Node.js the package's engines admit (pkg-template/package.json: ">=20"), for the
# test command's Node steps to run on it too: npm's node-linux-<arch> package holds the official
# build, unpacked into .tools/node-v<version>/ once. NODE_FLOOR is its node binary.
NODE_FLOOR_VERSION=20.0.0
install_node_floor() {
  local arch dir="$TOOLS/node-v$NODE_FLOOR_VERSION"
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "no node-linux package for $(uname -m)" ;;
  esac
  if [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$NODE_FLOOR_VERSION" ]; then
    log "npm pack node-linux-$arch@$NODE_FLOOR_VERSION (the oldest Node the package admits) into .tools/"
    local tmp="$TOOLS/node-floor.tmp"
    rm -rf "$tmp" "$dir" && mkdir -p "$tmp"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_FLOOR_VERSION" >/dev/null)
    tar -xzf "$tmp"/node-linux-*.tgz -C "$tmp"
    mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  export NODE_FLOOR="$dir/bin/node"
}

# The demo's own dependencies (www/package.json: Vite, the QR library, and the package itself as
# `file:../dist/pkg`, a link that needs no rebuild of the lock when the package is rebuilt).
install_www() {
  local stamp="$ROOT/www/node_modules/.installed-lock"
  if ! cmp -s "$ROOT/www/package-lock.json" "$stamp"; then
    log "npm ci (www/: Vite and the demo's QR library)"
    (cd "$ROOT/www" && npm ci --no-audit --no-fund)
    cp "$ROOT/www/package-lock.json" "$stamp"
  fi
}

install_python() {
  local req="$ROOT/tests/peer/requirements.txt" stamp="$VENV/.installed-requirements"
  if [ ! -x "$VENV/bin/python" ]; then
    log "python3 -m venv .tools/venv"
    mkdir -p "$TOOLS"
    python3 -m venv "$VENV"
  fi
  if ! cmp -s "$req" "$stamp"; then
    log "pip install -r tests/peer/requirements.txt"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$stamp"
  fi
}

# Debian packages, installed together when any is missing.
apt_install() {
  log "apt-get install $*"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

# The browsers and their WebDriver servers come from Debian and crates.io, never from a browser
# vendor's download site (CI reaches only package registries): Chromium and chromedriver from
# Debian; Firefox ESR from Debian, geckodriver from `cargo install` (its own downloader and
# wasm-pack's cannot work offline).
install_browser() {
  local missing=()
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || missing+=(chromium chromium-driver)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  install_geckodriver
}

GECKODRIVER_VERSION=0.37.1
WASM_PACK_VERSION=0.15.1

# `cargo install <crate> --version <version> --locked` unless <bin> --version already says it.
cargo_install_tool() {
  local bin=$1 crate=$2 version=$3 minutes=$4 have
  have=$("$CARGO_BIN/$bin" --version 2>/dev/null | head -n 1 | awk '{print $2}' || true)
  if [ "$have" != "$version" ]; then
    log "cargo install $crate $version (about $minutes minutes the first time)"
    cargo install "$crate" --version "$version" --locked --force
  fi
}

install_geckodriver() {
  cargo_install_tool geckodriver geckodriver "$GECKODRIVER_VERSION" 3
}

install_wasm_pack() {
  cargo_install_tool wasm-pack wasm-pack "$WASM_PACK_VERSION" 2
}

install_all() {
  install_rust
  install_wasm_pack
  install_node
  install_node_floor
  install_www
  install_python
}

# The WebDriver servers every browser step uses: tests/js/firefox.mjs and tests/bench/run.mjs
# read GECKODRIVER, wasm-bindgen-test-runner reads both (see wasm_pack_test).
export_drivers() {
  export CHROMEDRIVER=/usr/bin/chromedriver
  export GECKODRIVER="$CARGO_BIN/geckodriver"
}

# --- build --------------------------------------------------------------------------------------

# The package's wasm-opt passes: for size (-Os), repeated until nothing changes, and once more
# after --flatten --rereloop: a few hundred bytes of gzip under -O3, with the SRP kernel as fast
# (the benchmark judges it). wasm-opt is npm's binaryen (Debian's 108 builds packages that fail
# at load time).
WASM_OPT_FLAGS=(-Os --converge --flatten --rereloop -Os --converge)

# The package's WebAssembly module, in a folder named like the package (pkg-template/index.js
# says why).
PKG_WASM=cognito-auth-wasm/cognito_auth_wasm.wasm

# Builds the release npm package into dist/pkg: wasm-pack (release, `--target web`, weak refs so
# that collected objects free their Rust side; its own wasm-opt is off in Cargo.toml) →
# wasm-opt from npm's binaryen → wasm-bindgen's glue (adapted to the recovery after a trap by
# scripts/patch-glue.mjs), pkg-template's loader, recovery.js and api.js bundled into one module,
# api.js, then the entry points (node.cjs, for `require`, bundled with a CommonJS copy of api.js),
# declarations (index.d.cts: the same for `require`) and package.json.
build_pkg() {
  local out="$ROOT/dist/pkg" gen="$ROOT/target/wasm-pack"
  log "build the release package into dist/pkg"
  rm -rf "$gen"
  wasm-pack --quiet build --release --target web --weak-refs --no-pack --no-typescript \
    --mode no-install --out-dir "$gen" --out-name cognito_auth_wasm "$ROOT" >&2
  rm -rf "$out" && mkdir -p "$out/$(dirname "$PKG_WASM")"
  "$ROOT/tests/node_modules/.bin/wasm-opt" "${WASM_OPT_FLAGS[@]}" --strip-producers --strip-target-features \
    "$gen/cognito_auth_wasm_bg.wasm" -o "$out/$PKG_WASM"
  cp "$ROOT"/pkg-template/{README.md,index.d.ts,package.json} "$out/"
  # TypeScript reads a .d.ts beside a CommonJS entry of a "type": "module" package as ES module
  # declarations; the same text as .d.cts declares the CommonJS exports.
  cp "$ROOT/pkg-template/index.d.ts" "$out/index.d.cts"
  # The JavaScript ships minified like the incumbents' bundles: the glue, the loader and the
  # API's exports as one module (one request, one gzip stream); api.js gives the classes their
  # names (logs, `constructor.name`), so --keep-names does not name every function of the glue.
  cp "$ROOT"/pkg-template/{api.js,loader.js,recovery.js} "$gen/"
  node "$ROOT/scripts/patch-glue.mjs" "$gen/cognito_auth_wasm.js"
  local esbuild="$ROOT/tests/node_modules/.bin/esbuild" js
  "$esbuild" "$gen/api.js" --bundle --minify --format=esm \
    --log-level=warning --outfile="$out/api.js"
  # `require` gets the same module as CommonJS, with its entry, in one file.
  cp "$ROOT/pkg-template/node.cjs" "$gen/"
  "$esbuild" "$gen/node.cjs" --bundle --minify --format=cjs --platform=node \
    --log-level=warning --outfile="$out/node.cjs"
  # The entry points are a few lines each (a minifier would write their export lists twice):
  # copied without their comments.
  for js in index.js node.js; do
    grep -v '^//' "$ROOT/pkg-template/$js" >"$out/$js"
  done
  check_simd "$out/$PKG_WASM"
  ls -lR "$out" >&2
}

# The Montgomery kernel is fast only if its widening multiplies survive compilation as
# i64x2.extmul (a compiler rewrite into i64x2.mul halves the speed): count them in the package.
check_simd() {
  local text extmul mul
  text=$("$ROOT/tests/node_modules/.bin/wasm-dis" "$1")
  extmul=$(grep -c 'i64x2.extmul_\(low\|high\)_i32x4_u' <<<"$text" || true)
  mul=$(grep -c 'i64x2.mul' <<<"$text" || true)
  log "SIMD check: $extmul i64x2.extmul, $mul i64x2.mul in the package"
  [ "$extmul" -gt 0 ] || die "the package has no i64x2.extmul: the SIMD kernel was not built"
  [ "$mul" -eq 0 ] || die "the package has i64x2.mul: a widening multiply was rewritten"
}

# The package as npm would publish it: `npm publish --dry-run` warns about nothing but the
# missing login (a dry run needs none; the test never logs in), and publint (exports, files,
# types, formats) reports nothing, suggestions included.
check_publish() {
  local pkg=$1 out
  out=$(cd "$pkg" && npm publish --dry-run 2>&1)
  printf '%s\n' "$out" >&2
  if grep -i '^npm \(warn\|error\|err!\)' <<<"$out" | grep -v 'requires you to be logged in'; then
    die "npm publish --dry-run warned"
  fi
  # publint colours its output when CI is set (picocolors); NO_COLOR turns that off, and the
  # escape sequences are stripped anyway before the verdict is read.
  out=$(cd "$pkg" && NO_COLOR=1 "$ROOT/tests/node_modules/.bin/publint" run --level suggestion --strict . 2>&1) ||
    { printf '%s\n' "$out" >&2; die "publint failed"; }
  printf '%s\n' "$out" >&2
  sed 's/\x1b\[[0-9;]*m//g' <<<"$out" | grep -qx 'All good!' || die "publint reported something"
}

# --- services -----------------------------------------------------------------------------------

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts the peer in the background and waits until it answers.
start_peer() {
  local logfile="$TOOLS/peer.log"
  mkdir -p "$TOOLS"
  "$VENV/bin/python" "$ROOT/tests/peer/server.py" --port "$PEER_PORT" \
    --seed "$ROOT/tests/peer/seed.json" >"$logfile" 2>&1 &
  PIDS+=("$!")
  local i
  for i in $(seq 1 100); do
    if "$VENV/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
      "http://127.0.0.1:$PEER_PORT/_peer/health" >/dev/null 2>&1; then
      export PEER_URL="http://127.0.0.1:$PEER_PORT"
      log "peer listening on $PEER_URL (log: .tools/peer.log)"
      return 0
    fi
    kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$logfile" >&2; die "the peer exited"; }
    sleep 0.2
  done
  cat "$logfile" >&2
  die "the peer did not answer on port $PEER_PORT"
}

# --- wasm32 tests -------------------------------------------------------------------------------

# `wasm-pack test <args>` over the workspace's default members: their unit and integration tests
# (`--lib --test '*'`: wasm32 doctests would only "pass" a runner that finds no test in them),
# built with .cargo/config.toml's wasm32 flags (+simd128; a RUSTFLAGS variable would replace
# them, and srp_arith_oracle's wasm_runs_use_simd128 would fail). `--mode no-install`: wasm-pack
# uses the wasm-bindgen-cli install_rust installed and never downloads anything.
# wasm-bindgen-test-runner picks the first WebDriver variable it finds, GECKODRIVER before
# CHROMEDRIVER, so GECKODRIVER is left out of the environment: wasm-pack sets each one itself,
# for its own browser's run. tests/webdriver.json adds the browsers' capabilities (Firefox ESR's
# binary and its wasm SIMD flag: tests/js/firefox-driver.mjs, NO_SIMD_AVX). A run that passes no
# test at all fails: every suite would have been skipped (a suite configured for the browser is
# skipped by --node, and the other way round), or none found.
wasm_pack_test() {
  local out="$TOOLS/wasm-pack-test.log" arg where counts=""
  mkdir -p "$TOOLS"
  env -u GECKODRIVER WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/webdriver.json" \
    wasm-pack test --mode no-install "$@" -- --lib --test '*' 2>&1 | tee "$out"
  for arg in "$@"; do
    case "$arg" in
      --node) where=Node ;;
      --chrome) where=Chrome ;;
      --firefox) where=Firefox ;;
      *) continue ;;
    esac
    # Passed tests per environment: the runner names the browser before each suite it runs there.
    local n
    n=$(awk -v want="$where" '
      /^Running headless tests in / { at = $5 }
      /^test result: ok\./ { if ((at == "" ? "Node" : at) == want) n += $4 }
      END { print n + 0 }' "$out")
    [ "$n" -gt 0 ] || die "wasm-pack test $*: no test ran in $where"
    counts+="${counts:+, }$n in $where"
  done
  log "wasm-pack test: $counts passed"
}

# --- commands -----------------------------------------------------------------------------------

# Builds the demo (www/, a single-page app) with Vite into dist/www, the built package bundled
# from dist/pkg (www/package.json's `cognito-auth-wasm`, a link to it).
build_site() {
  log "vite build: www/ into dist/www"
  (cd "$ROOT/www" && node_modules/.bin/vite build --logLevel warn)
}

# Writes the local peer's pools, app clients and users beside the built demo (dist/www/seed.json),
# where the page reads them when the site has no config.json.
write_seed() {
  "$VENV/bin/python" -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
    "$PEER_URL/_peer/seed" >"$ROOT/dist/www/seed.json"
}

# The demo against the local peer, or against the real pool www/config.json describes (copied
# beside the page, read when it loads; www/config.example.json shows its fields).
cmd_demo() {
  install_all
  build_pkg
  local config="$ROOT/www/config.json"
  if [ -f "$config" ]; then
    build_site
    cp "$config" "$ROOT/dist/www/config.json"
  else
    start_peer
    build_site
    write_seed
  fi
  node "$ROOT/scripts/serve.mjs" "$ROOT/dist/www" "$DEMO_PORT" >"$TOOLS/www.log" 2>&1 &
  PIDS+=("$!")
  sleep 0.5
  kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$TOOLS/www.log" >&2; die "the demo server did not start"; }
  node -e '
    const fs = require("fs");
    const [dir, port] = process.argv.slice(1);
    console.log(`\n  cognito-auth-wasm demo: http://127.0.0.1:${port}/`);
    if (fs.existsSync(`${dir}/config.json`)) {
      const config = JSON.parse(fs.readFileSync(`${dir}/config.json`, "utf8"));
      console.log(`  user pool:              ${config.userPoolId} (www/config.json)`);
    } else {
      const seed = JSON.parse(fs.readFileSync(`${dir}/seed.json`, "utf8"));
      const user = seed.pools.main.users.demo;
      console.log(`  local Cognito peer:     ${seed.endpoint}
  demo user:              ${user.signInAs}
  demo password:          ${user.password}
  (the page lists every pool of the peer and its users, with the challenge each one reaches)`);
    }
    console.log("\n  Ctrl-C stops the servers.");' "$ROOT/dist/www" "$DEMO_PORT"
  wait
}

cmd_test() {
  local started=$SECONDS passed=0
  install_all
  install_browser
  export_drivers
  # A loaded machine (CI shares it) answers WebDriver slowly: the runner's default of 20 s is short.
  export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}
  export WASM_BINDGEN_TEST_DRIVER_TIMEOUT=${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}

  log "cargo fmt --check"
  cargo fmt --all -- --check
  passed=$((passed + 1))

  log "cargo clippy (host and wasm32), warnings denied"
  cargo clippy --quiet --all-targets -- -D warnings
  cargo clippy --quiet --all-targets --target wasm32-unknown-unknown -- -D warnings
  passed=$((passed + 1))

  log "native tests and doctests"
  cargo test --quiet
  passed=$((passed + 1))

  start_peer

  log "the peer is strict: the official client signs in with the right password (and device) only, and its sessions and account operations meet Cognito's refusals"
  node "$ROOT/tests/peer/strict.mjs"
  "$VENV/bin/python" "$ROOT/tests/peer/selfcheck.py"
  node "$ROOT/tests/peer/devices.mjs"
  node "$ROOT/tests/peer/custom.mjs"
  node "$ROOT/tests/peer/totp.mjs"
  node "$ROOT/tests/peer/session.mjs"
  passed=$((passed + 1))

  log "wasm32 tests in Node (wasm-pack test --node): the Montgomery kernel with SIMD128 against num-bigint, the wasm surface signing in against the peer"
  wasm_pack_test --node
  passed=$((passed + 1))

  # A suite without wasm_bindgen_test_configure! is a Node suite, which wasm-pack's browser runs
  # skip; WASM_BINDGEN_USE_BROWSER=1 runs it in the browsers too.
  log "wasm32 tests in headless Chromium and Firefox (wasm-pack test --headless --chrome --firefox): the same"
  WASM_BINDGEN_USE_BROWSER=1 wasm_pack_test --headless \
    --chrome --chromedriver "$CHROMEDRIVER" --firefox --geckodriver "$GECKODRIVER"
  passed=$((passed + 1))

  build_pkg
  log "the built package's API against the peer, in Node"
  PEER_URL="$PEER_URL" node "$ROOT/tests/js/node.mjs" "$ROOT/dist/pkg"
  passed=$((passed + 1))

  log "the same in Node $NODE_FLOOR_VERSION, the oldest the package's engines admit"
  PEER_URL="$PEER_URL" "$NODE_FLOOR" "$ROOT/tests/js/node.mjs" "$ROOT/dist/pkg"
  passed=$((passed + 1))

  log "the built package's API against the peer, in headless Chromium"
  PEER_URL="$PEER_URL" node "$ROOT/tests/js/chromium.mjs" "$ROOT/dist/pkg"
  passed=$((passed + 1))

  log "the built package's API against the peer, in headless Firefox (geckodriver)"
  PEER_URL="$PEER_URL" node "$ROOT/tests/js/firefox.mjs" "$ROOT/dist/pkg"
  passed=$((passed + 1))

  log "smoke test: the built package, installed from its npm tarball, signs in from Node"
  local smoke="$ROOT/dist/smoke"
  rm -rf "$smoke" && mkdir -p "$smoke"
  (cd "$ROOT/dist/pkg" && npm pack --silent --pack-destination "$smoke" >/dev/null)
  echo '{"private": true, "type": "module"}' >"$smoke/package.json"
  (cd "$smoke" && npm install --silent --no-audit --no-fund --offline ./cognito-auth-wasm-*.tgz)
  cp "$ROOT/tests/smoke/node.mjs" "$ROOT"/tests/types/* "$smoke/"
  node "$smoke/node.mjs"
  passed=$((passed + 1))

  log "the package's TypeScript declarations are precise (tsc --strict)"
  "$ROOT/tests/node_modules/.bin/tsc" -p "$smoke/tsconfig.json"
  passed=$((passed + 1))

  log "the package as published: npm publish --dry-run and publint report nothing"
  check_publish "$ROOT/dist/pkg"
  passed=$((passed + 1))

  log "bundler matrix: the npm tarball in Vite (dev server, build), webpack, a Worker built by each, esbuild, Rollup, a page and a Worker without a bundler, Node import and require, each signing in"
  PEER_URL="$PEER_URL" node "$ROOT/tests/bundlers/run.mjs" "$ROOT/dist/pkg"
  passed=$((passed + 1))

  log "browser end-to-end: every flow of the demo (www/, built by Vite) and a Web Worker in headless Chromium"
  build_site
  write_seed
  node "$ROOT/tests/e2e/browser.mjs" "$ROOT/dist/www" "$ROOT/dist/pkg"
  passed=$((passed + 1))

  log "all checks passed in $((SECONDS - started)) s"
  echo "$passed passed, 0 failed"
}

# The side-by-side SRP benchmark: the release package in Node, headless Chromium and headless
# Firefox (as it comes and with NO_SIMD_AVX) beside the official clients, windowed JS BigInt and
# OpenSSL; extra arguments go to tests/bench/run.mjs (--reps N, --warmup N, --fresh N,
# --no-browser, --no-firefox).
cmd_bench() {
  install_rust
  install_node
  install_browser
  export_drivers
  build_pkg
  log "benchmark: node tests/bench/run.mjs $*"
  node "$ROOT/tests/bench/run.mjs" "$@"
}

# Where the package's bytes go: twiggy over a build that keeps function names (the package
# itself drops them), optimised with the same wasm-opt passes.
cmd_size() {
  install_rust
  install_node
  if ! command -v twiggy >/dev/null; then
    log "cargo install twiggy"
    cargo install twiggy --locked
  fi
  build_pkg
  local named="$ROOT/dist/size"
  rm -rf "$named" && mkdir -p "$named"
  "$ROOT/tests/node_modules/.bin/wasm-opt" "${WASM_OPT_FLAGS[@]}" -g \
    target/wasm32-unknown-unknown/release/cognito_auth_wasm.wasm -o "$named/named.wasm"
  twiggy top -n "${1:-30}" "$named/named.wasm"
}

# The property-based tests over everything that parses outside data (crates/cognito-core/tests/
# fuzz.rs, crates/cognito-srp/tests/fuzz.rs), PROPTEST_CASES cases per target, in release, one
# target after another with each one's wall time. `cargo test` runs proptest's default share.
cmd_fuzz() {
  install_rust
  local cases=${1:-1000000} crate target started
  for crate in cognito-core cognito-srp; do
    cargo test --release --quiet -p "$crate" --test fuzz --no-run
    for target in $(cargo test --release --quiet -p "$crate" --test fuzz -- --list 2>/dev/null |
      sed -n 's/: test$//p'); do
      log "fuzz: $crate $target, $cases cases"
      started=$SECONDS
      PROPTEST_CASES=$cases cargo test --release --quiet -p "$crate" --test fuzz -- --exact "$target"
      log "fuzz: $crate $target took $((SECONDS - started)) s"
    done
  done
}

case "${1:-}" in
  demo) cmd_demo ;;
  test) cmd_test ;;
  build) install_all && build_pkg ;;
  peer) install_python && start_peer && wait ;;
  install) install_all && install_browser ;;
  bench) shift && cmd_bench "$@" ;;
  size) shift && cmd_size "$@" ;;
  fuzz) shift && cmd_fuzz "$@" ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
