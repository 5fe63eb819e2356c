/**
 * Optimizers (gradient descent and its momentum and adaptive variants, Adam and AdamW, Newton with the exact
 * Hessian, L-BFGS), learning-rate schedules and the objective they minimize.
 */
package dev.autodiff.nn.optim;
