/**
 * What the launcher and the control API use: {@link io.switchboard.routing.api.ContactCenter} (start, reload,
 * drain, stop, figures) and the relay-event inlet it binds at start. Everything behind it runs on the contact
 * center's loop.
 */
package io.switchboard.routing.api;
