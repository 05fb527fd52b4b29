/** The pages the server serves (the agent's CCP at {@code /ccp}) and its HTTPS listener. */
package io.switchboard.server.web;
