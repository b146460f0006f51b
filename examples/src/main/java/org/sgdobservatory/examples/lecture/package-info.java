/**
 * The lecture's claims (McAllester, TTIC 31230, 2020; {@code docs/theory.md#the-lectures-model}) checked with
 * sim-core: each {@link org.sgdobservatory.examples.lecture.LectureClaim} runs small simulations and returns a
 * {@link org.sgdobservatory.examples.lecture.ClaimResult} — the measured numbers with standard errors, the expected
 * values with where they come from, the tolerance and why, PASS or FAIL, and how the claim relates to the lecture
 * ({@link org.sgdobservatory.examples.lecture.Relation}: reproduced, corrected, or beyond the lecture).
 */
package org.sgdobservatory.examples.lecture;
