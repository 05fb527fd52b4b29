/**
 * Test kit shared by every module's tests: the leak check every test runs under, free ports, the packaged server on free ports as a JUnit extension (PackagedServer) with its /metrics (PrometheusText), waits with a deadline (Await), SIPp and other Debian peers run with timeouts and killed reliably.
 */
package io.switchboard.testkit;
