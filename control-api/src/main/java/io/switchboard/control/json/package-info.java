/** The one Jackson configuration of the control API: reading request bodies and writing responses. */
package io.switchboard.control.json;
