/**
 * The lecture's claims (McAllester, TTIC 31230, 2020; THEORY.md) reproduced with sim-core and checked:
 * each {@link org.sgdobservatory.examples.lecture.LectureClaim} runs small simulations and returns a
 * {@link org.sgdobservatory.examples.lecture.ClaimResult} — the measured numbers with standard errors,
 * the expected values with where they come from, the tolerance and why, and PASS or FAIL.
 */
package org.sgdobservatory.examples.lecture;
