#!/usr/bin/env bash
# Renders the text the shipped default flows speak (routing-adapter/src/main/resources/io/switchboard/
# routing/flow/defaults/*.json) as 8 kHz, mono, 16-bit PCM WAV files the media relay plays instead of
# running espeak-ng, so the built-in flows speak on a machine with only Java. Each line of index.tsv names
# the voice, the kind (text or ssml), the file and the exact text; the relay uses a rendering only when all
# three match what a flow asks for. The output is committed as data: run this again after changing a
# default flow's text, or the voice the default flows speak with (Joanna, espeak-ng's en-us+f3).
# Needs espeak-ng and sox (apt-get install espeak-ng sox).
set -euo pipefail

out="$(cd "$(dirname "$0")/.." && pwd)/media-relay/src/main/resources/io/switchboard/media/player/speech"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

voice="en-us+f3"
index="$work/index.tsv"
printf '# voice\tkind\tfile\ttext (written by scripts/generate-builtin-speech.sh; do not edit)\n' > "$index"

# As EspeakSynthesizer runs it: the text on standard input, espeak-ng's own rate and volume; sox
# resamples to 8 kHz (-D: no dither, so the output is the same on every run).
render() {
  local file="$1" text="$2"
  printf '%s' "$text" | espeak-ng -v "$voice" -w "$work/$file" --stdin
  sox -D "$work/$file" -r 8000 -c 1 -b 16 -e signed-integer "$out/$file"
  printf '%s\ttext\t%s\t%s\n' "$voice" "$file" "$text" >> "$index"
}

# Default customer queue: the message before the queue music.
render customer-queue.wav "Thank you for calling. Your call is very important to us and will be answered in the order it was received."
# Default agent whisper says the queue's name ($.Queue.Name): the demo instance's queues.
render queue-sales.wav "Sales"
render queue-support.wav "Support"

cp "$index" "$out/index.tsv"
ls -l "$out"
