/**
 * Reading YAML/JSON into a tree that remembers lines, and binding that tree onto model records by
 * reflection, driven by the annotations in this package. Knows nothing of contact centres.
 */
package io.switchboard.config.bind;
