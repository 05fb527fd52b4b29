/**
 * Test kit shared by every module's tests: free ports, a Switchboard child process with a temporary data directory, SIPp and other Debian peers run with timeouts and killed reliably.
 */
package io.switchboard.testkit;
