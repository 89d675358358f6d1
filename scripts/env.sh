# Sourced by the other scripts: where tools and build output live, and which route builds the
# WebAssembly half. Everything sits outside the clone so a fresh clone reuses earlier builds.
ACADEMY_CACHE="${ACADEMY_CACHE:-$HOME/.cache/service-academy}"
TOOLS="$ACADEMY_CACHE/tools"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ACADEMY_CACHE/target}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
export PATH="$TOOLS/bin:$TOOLS/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Route B (Debian's std sources) is recorded by scripts/setup when rustup cannot add the target.
if [ -f "$TOOLS/wasm-route" ] && [ "$(cat "$TOOLS/wasm-route")" = "debian" ]; then
  # Sourced twice, the wrapper would find itself as the "real" cargo.
  if [ -z "${ACADEMY_REAL_CARGO:-}" ]; then
    export ACADEMY_REAL_CARGO="$(PATH="${PATH//$ROOT\/scripts\/debian-wasm:/}" command -v cargo)"
  fi
  case ":$PATH:" in *":$ROOT/scripts/debian-wasm:"*) ;; *) export PATH="$ROOT/scripts/debian-wasm:$PATH" ;; esac
fi
