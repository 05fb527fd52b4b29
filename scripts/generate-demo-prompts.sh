#!/usr/bin/env bash
# Regenerates the demo instance's prompts: 8 kHz, mono, 16-bit PCM WAV files, the format
# the prompt checker accepts and the media relay streams as G.711 without resampling.
# Needs espeak-ng and sox (apt-get install espeak-ng sox). The output is committed as data;
# run this only to change the wording or the voice.
set -euo pipefail

out="$(cd "$(dirname "$0")/.." && pwd)/config/src/main/resources/io/switchboard/config/demo/prompts"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --no-dither (-D) keeps the output byte-for-byte reproducible: sox dithers with random noise.
to_prompt() {
  sox -D "$1" -r 8000 -c 1 -b 16 -e signed-integer "$2" norm -3
}

speak() {
  local name="$1" text="$2"
  espeak-ng -v en-us -s 150 -w "$work/$name.wav" "$text"
  # A short lead-in so the first syllable is not clipped while the caller's media settles.
  sox -D "$work/$name.wav" "$work/$name-padded.wav" pad 0.3 0.3
  to_prompt "$work/$name-padded.wav" "$out/$name.wav"
}

speak welcome "Thank you for calling Switchboard. This call may be recorded."
speak menu "For sales, press 1. For support, press 2."
speak goodbye "We are sorry, we cannot take your call right now. Goodbye."

# Hold music: a slow, quiet arpeggio of sine tones (C major, A minor, F major, G major),
# each note faded in and out so the loop has no clicks, 16 seconds long.
notes=(C4 E4 G4 E4 A3 C4 E4 C4 F3 A3 C4 A3 G3 B3 D4 B3)
parts=()
for i in "${!notes[@]}"; do
  f="$work/note-$i.wav"
  sox -D -n -r 8000 -c 1 -b 16 "$f" synth 1 sine "${notes[$i]}" sine "${notes[$i]}" vol 0.25 fade q 0.15 1 0.35
  parts+=("$f")
done
sox -D "${parts[@]}" "$work/hold-raw.wav"
to_prompt "$work/hold-raw.wav" "$out/hold-music.wav"

ls -l "$out"
