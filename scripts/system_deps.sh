#!/usr/bin/env bash
# Installs the Debian packages the project needs when run as root, or prints the exact command.
# Usage: scripts/system_deps.sh [extra packages...]
set -euo pipefail
pkgs=(
  gcc make libc6-dev                                      # the portable pgvector build
  tesseract-ocr tesseract-ocr-kor poppler-utils poppler-data  # OCR, Korean PDF fonts
  espeak-ng fonts-noto-cjk                                # speech, Korean glyphs
  bubblewrap g++ openjdk-17-jdk-headless                  # coding-test sandbox and compilers
  cmake binutils                                          # the portable llama.cpp build, its AVX-512 check
  "$@"
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
