/**
 * Stage 4 of the pipeline, judge: the window's estimates of each tracked parameter
 * ({@link org.sgdobservatory.listener.judge.TraceEstimates}), observed against predicted with both sides' errors
 * ({@link org.sgdobservatory.listener.judge.ParameterJudge}), and the verdicts of groups and the run from the
 * coverage of the judged ratio intervals ({@link org.sgdobservatory.listener.judge.GroupJudge},
 * {@link org.sgdobservatory.listener.judge.RunJudge}, {@link org.sgdobservatory.listener.judge.CoverageTest}).
 * A verdict is consistent, inconsistent or not judged with the reason ({@code docs/verdicts.md}).
 */
package org.sgdobservatory.listener.judge;
