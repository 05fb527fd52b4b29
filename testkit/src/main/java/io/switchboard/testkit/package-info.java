/**
 * Test kit shared by every module's tests: the leak check every test runs under, free ports, a Switchboard child process with a temporary data directory, SIPp and other Debian peers run with timeouts and killed reliably.
 */
package io.switchboard.testkit;
