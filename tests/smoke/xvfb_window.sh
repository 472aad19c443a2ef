#!/usr/bin/env bash
# Start the REAL application (python -m tpi_desktop --demo) on the xcb platform under Xvfb, wait
# until its main window is mapped, then stop it with SIGTERM and expect a clean exit.
# Exit 0 when the window appeared and the program exited cleanly; non-zero otherwise.
set -u
cd "$(dirname "$0")/../.."

PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3)"
TIMEOUT="${TPI_SMOKE_TIMEOUT:-60}"

# A free display number: no lock file and no socket.
display=""
for n in $(seq 91 160); do
  if [ ! -e "/tmp/.X${n}-lock" ] && [ ! -e "/tmp/.X11-unix/X${n}" ]; then display=":$n"; break; fi
done
[ -n "$display" ] || { echo "xvfb_window: no free X display" >&2; exit 2; }

work="$(mktemp -d)"
xvfb_pid=""; app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill -KILL "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill -TERM "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do
  DISPLAY="$display" xdpyinfo >/dev/null 2>&1 && break
  sleep 0.2
done
DISPLAY="$display" xdpyinfo >/dev/null 2>&1 || { echo "xvfb_window: Xvfb did not start" >&2; cat "$work/xvfb.log" >&2; exit 2; }

export DISPLAY="$display" QT_QPA_PLATFORM=xcb TPI_DESKTOP_DATA_DIR="$work/data" XDG_CONFIG_HOME="$work/config"
unset TPI_DESKTOP_DB WAYLAND_DISPLAY
started=$(date +%s.%N)
"$PY" -m tpi_desktop --demo >"$work/app.out" 2>"$work/app.err" &
app_pid=$!

appeared=""
deadline=$(( $(date +%s) + TIMEOUT ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  if ! kill -0 "$app_pid" 2>/dev/null; then break; fi
  # The main window's title is "TPI Desktop" (or "Visit N — TPI Desktop"), and it must be viewable;
  # Qt's hidden helper windows ("Qt Selection Owner for TPI Desktop") do not count.
  if xwininfo -root -tree 2>/dev/null | grep -E '"([^"]* — )?TPI Desktop"' | grep -vq 'Selection Owner' \
     && xwininfo -name "TPI Desktop" 2>/dev/null | grep -q 'IsViewable'; then appeared=yes; break; fi
  sleep 0.25
done

if [ -z "$appeared" ]; then
  echo "xvfb_window: the TPI Desktop window did not appear within ${TIMEOUT}s" >&2
  echo "--- application stderr:" >&2; tail -n 40 "$work/app.err" >&2
  exit 1
fi
seconds=$(echo "$(date +%s.%N) - $started" | bc 2>/dev/null || echo "?")
echo "xvfb_window: main window appeared after ${seconds}s:"
xwininfo -root -tree | grep -E '"([^"]* — )?TPI Desktop"' | grep -v 'Selection Owner' | head -n 3

kill -TERM "$app_pid"
status=""
for _ in $(seq 1 60); do
  if ! kill -0 "$app_pid" 2>/dev/null; then wait "$app_pid"; status=$?; break; fi
  sleep 0.25
done
if [ -z "$status" ]; then
  echo "xvfb_window: the application did not exit within 15s of SIGTERM" >&2
  exit 1
fi
app_pid=""
if [ "$status" -ne 0 ]; then
  echo "xvfb_window: the application exited with status $status" >&2
  tail -n 40 "$work/app.err" >&2
  exit 1
fi
echo "xvfb_window: closed cleanly on SIGTERM (exit 0)"
# Issue 3: closing the window leaves a backup of the database in the backups folder.
if ! ls "$work/data/backups"/tpi-backup-*.sqlite3 >/dev/null 2>&1; then
  echo "xvfb_window: no backup in $work/data/backups after the window closed" >&2
  exit 1
fi
echo "xvfb_window: backup made on close: $(basename "$(ls "$work/data/backups"/tpi-backup-*.sqlite3 | head -n 1)")"
