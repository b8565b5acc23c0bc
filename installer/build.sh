#!/usr/bin/env bash
# Freeze Sổ Vàng with installer/sovang.spec (the spec the Windows build uses) and prove the frozen
# folder works: its own `sovang selftest` must pass. Used by .ci/run; needs the project's .venv.
#
#   installer/build.sh [--portable]     → dist/sovang/ (and dist/sovang-portable.zip with --portable)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=.venv/bin/python
"$PYTHON" -m pip install --quiet "pyinstaller>=6.10,<7"
"$PYTHON" -m desktop.i18n >/dev/null  # the .mo catalogs the build ships
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/sovang.spec
QT_QPA_PLATFORM=offscreen dist/sovang/sovang selftest
if [ "${1:-}" = "--portable" ]; then
    # The same build with the marker that keeps the data beside the program (desktop/paths.py).
    rm -rf build/portable && mkdir -p build/portable
    cp -a dist/sovang build/portable/SoVang
    printf 'Sổ Vàng portable: data is kept in the data folder beside this file.\n' \
        > build/portable/SoVang/sovang-portable.txt
    (cd build/portable && rm -f ../../dist/sovang-portable.zip && zip -qr ../../dist/sovang-portable.zip SoVang)
fi
