/**
 * The contact center's one serial executor and clock ({@link io.switchboard.routing.core.ContactCenterLoop}):
 * the production thread and the virtual loop that tests and benchmarks drive.
 */
package io.switchboard.routing.core;
