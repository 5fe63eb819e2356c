/**
 * autodiff-nn: layers, MLPs, activations, losses, regularizers, optimizers and training, built only on
 * autodiff-core's public API. (Grows with the nn issue.)
 */
package dev.autodiff.nn;
