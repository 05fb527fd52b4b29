/**
 * The media relay's public surface: {@link io.switchboard.media.api.MediaRelay} (endpoints from SDP offers
 * or as offerer, bridges, playback and TTS, digit collection and sending, recording, mixers, forks,
 * statistics), its settings, ids and events. Everything else in the module is internal.
 */
package io.switchboard.media.api;
