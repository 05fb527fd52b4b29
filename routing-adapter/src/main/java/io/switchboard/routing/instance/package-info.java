/**
 * The running instance's resources: prompt files (built-in and the instance's), queues, hours and functions
 * for flows; flow import; the check that the voices flows speak with are installed.
 */
package io.switchboard.routing.instance;
