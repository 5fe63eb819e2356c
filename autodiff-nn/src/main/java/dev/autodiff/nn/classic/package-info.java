/**
 * The classic neuron models and learning rules of the lectures, written plainly so each update can be read off
 * the code: the McCulloch–Pitts threshold neuron, Rosenblatt's perceptron rule, Hebb's rule, the delta
 * (Widrow–Hoff) rule, the generalized delta rule and the sigmoid delta rule. Weights include the bias as
 * {@code w0} with a constant input {@code x0 = 1}.
 */
package dev.autodiff.nn.classic;
