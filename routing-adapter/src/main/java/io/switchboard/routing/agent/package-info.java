/**
 * Agents: their state machine (Available, on contact, After Contact Work, Missed, Offline) and roster. Empty
 * until agents are routed; the package exists so the routing step has its place in the map.
 */
package io.switchboard.routing.agent;
