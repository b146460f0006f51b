/** Strict JSON (RFC 8259) output: non-finite numbers become {@code null}, never {@code NaN}. */
package org.sgdobservatory.examples.json;
