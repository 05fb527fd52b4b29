/**
 * Agents: their state machine ({@link io.switchboard.routing.agent.AgentState}), the roster that logs them in
 * and out and changes their state on the contact center's loop, and the agent events each change makes.
 */
package io.switchboard.routing.agent;
