#!/usr/bin/env bash
# Regenerates the routing adapter's built-in ringback tone, Ringback.wav: the North American
# audible ringing tone (440 Hz + 480 Hz, each at -19 dBm0; 2 s on, 4 s off), one 6 s cadence
# as an 8 kHz mono 16-bit PCM WAV that the relay loops while a transferred caller waits for the
# third party. Needs sox. The output is committed as data; RingbackToneTest checks it.
set -euo pipefail

out="$(cd "$(dirname "$0")/.." && pwd)/routing-adapter/src/main/resources/io/switchboard/routing/instance/prompts/Ringback.wav"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One tone per channel, each peaking at -22.2 dBFS: G.711 full scale is +3.17 dBm0, so that is -19 dBm0.
# --no-dither (-D) keeps the output byte-for-byte reproducible.
sox -D -n -r 8000 -c 2 -b 16 -e signed-integer "$work/tones.wav" synth 2 sine 440 sine 480 gain -n -22.2
# Sum the two channels, 10 ms ramps so switching on and off does not click, then the 4 s of silence.
sox -D "$work/tones.wav" -c 1 "$out" remix 1v1,2v1 fade q 0.01 2 0.01 pad 0 4

ls -l "$out"
