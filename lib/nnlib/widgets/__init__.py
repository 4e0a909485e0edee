"""Interactive explorers of the lessons, built on ``Explorer`` (see ``base``): one module per lesson."""
from .base import Explorer
from .neuron import neuron_explorer

__all__ = ["Explorer", "neuron_explorer"]
