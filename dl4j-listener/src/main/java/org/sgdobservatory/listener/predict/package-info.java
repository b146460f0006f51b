/**
 * Stage 3 of the pipeline, predict: the theory's stationary variance for each tracked parameter, for the run's
 * data order and the lecture's i.i.d. model, with its standard error
 * ({@link org.sgdobservatory.listener.predict.PredictionStage}), through the
 * {@link org.sgdobservatory.listener.predict.StationaryPredictor} seam (default
 * {@link org.sgdobservatory.listener.predict.SimCorePredictor}: sim-core's closed forms and simulations); the rates
 * in force ({@link org.sgdobservatory.listener.predict.UpdateRates}); full-block predictions of small groups
 * ({@link org.sgdobservatory.listener.predict.BlockPredictions}).
 */
package org.sgdobservatory.listener.predict;
