/**
 * Training: datasets with validation, seeded shuffling and minibatches, the trainer, metrics, history, stopping
 * rules, callbacks, a console progress line and feature standardization.
 */
package dev.autodiff.nn.train;
