// The one event emitter of the CCP's modules.

/** A small event emitter: on(name, fn) returns a function that removes the listener. */
export class Emitter {
  constructor() { this.listeners = new Map(); }
  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name).delete(fn);
  }
  emit(name, ...args) {
    for (const fn of [...(this.listeners.get(name) || [])]) {
      try { fn(...args); } catch (e) { console.error(`switchboard: ${name} listener failed`, e); }
    }
  }
}

