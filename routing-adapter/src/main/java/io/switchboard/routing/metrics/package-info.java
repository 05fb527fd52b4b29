/** Live figures of the contact center for /metrics and health, kept up to date from the event bus. */
package io.switchboard.routing.metrics;
