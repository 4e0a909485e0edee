"""nnlib: the reference library of the course on training neural networks, one concept per module.

activations, losses, layers (and the MLP), autograd, gradcheck, init, optim (optimizers and schedules),
regularization, data, train, plots; grading holds the checks that the lessons' test cells use.
Import what you need from its module, e.g. ``from nnlib.layers import MLP``.
"""
__version__ = "0.1.0"
