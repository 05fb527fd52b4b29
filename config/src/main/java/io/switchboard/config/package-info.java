/**
 * Instance and server configuration: the typed, immutable model, YAML/JSON loading with line-accurate
 * validation, and hot reload. Owns nothing at run time but the current validated snapshot.
 *
 * <p>Entry points: {@link io.switchboard.config.InstanceLoader#load} (an instance directory to a
 * {@link io.switchboard.config.LoadResult}), {@link io.switchboard.config.ServerSettings#resolve}
 * (server.yaml, environment and flags to a {@link io.switchboard.config.ServerSettings.Result}),
 * {@link io.switchboard.config.InstanceWatcher} (hot reload), {@link io.switchboard.config.PasswordHasher}
 * and {@link io.switchboard.config.DemoInstance}. Every problem is a
 * {@link io.switchboard.config.ConfigProblem} printed as {@code file:line: field: problem}.
 */
package io.switchboard.config;
