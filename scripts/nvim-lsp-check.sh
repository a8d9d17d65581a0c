#!/usr/bin/env bash
# A real editor on `crosscheck lsp`: Neovim, headless, with its built-in LSP client, opens a
# claims file that writes a near-miss name, and the diagnostics Neovim received are printed
# as it holds them. Fails unless the near miss is among them.
#
#   bash scripts/nvim-lsp-check.sh            # builds target/debug/crosscheck if needed
#   CROSSCHECK=path/to/crosscheck bash scripts/nvim-lsp-check.sh
#
# Needs Neovim 0.7 or later (Debian: apt-get install neovim).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CROSSCHECK:-$here/target/debug/crosscheck}
if [ ! -x "$bin" ]; then
  cargo build --quiet --manifest-path "$here/Cargo.toml"
fi
command -v nvim >/dev/null || { echo "nvim not found: apt-get install neovim" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/claims" "$work/rules"
cat > "$work/claims/entities.yaml" <<'EOF'
entities:
  - id: rosa-elvira-quispe
    name: Rosa Elvira Quispe
    type: person
  - id: quispe-release
    name: Quispe release
    type: event
EOF
cat > "$work/rules/properties.yaml" <<'EOF'
properties:
  signed_by:
    type: entity
EOF
cat > "$work/rules/rules.yaml" <<'EOF'
rules:
  - id: name-variants
    kind: names
EOF
cat > "$work/claims/andes-ledger-2024-03-08.yaml" <<'EOF'
source:
  id: andes-ledger-2024-03-08
  outlet: Andes Ledger
  published: 2024-03-08
claims:
  - id: signer
    subject: quispe-release
    property: signed_by
    value: Elvira Quispe
EOF
cat > "$work/check.lua" <<'EOF'
local root = os.getenv("CROSSCHECK_ROOT")
vim.cmd("edit " .. root .. "/claims/andes-ledger-2024-03-08.yaml")
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "crosscheck",
  cmd = { os.getenv("CROSSCHECK_BIN"), "lsp" },
  root_dir = root,
})
vim.lsp.buf_attach_client(buf, client)
local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local found = false
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  local first = d.message:gsub("\n.*", "")
  io.stdout:write(string.format("%d:%d %s %s\n", d.lnum + 1, d.col + 1, code, first))
  found = found or code == "name-variant"
end
if not got then io.stderr:write("no diagnostics within 30 s\n") end
vim.cmd(found and "qall!" or "cquit! 1")
EOF
CROSSCHECK_ROOT=$work CROSSCHECK_BIN=$bin \
  nvim --headless --clean -n -u NONE -c "luafile $work/check.lua"
