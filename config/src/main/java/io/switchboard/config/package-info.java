/**
 * Instance and server configuration: the typed, immutable model, YAML/JSON loading with line-accurate validation, and hot reload. Owns nothing at run time but the current validated snapshot.
 */
package io.switchboard.config;
