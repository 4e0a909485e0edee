"""How colours look with the common colour-vision deficiencies, and how far apart two colours are.

The simulation is Machado, Oliveira and Fernandes (2009) at full severity, a 3 × 3 matrix on linear RGB for each of
protanopia, deuteranopia and tritanopia; distances are CIE 1976 ΔE in CIELAB (D65), where about 2 is just noticeable
and lines or markers that must be told apart in a plot want 10 or more.
"""
import numpy as np
from matplotlib.colors import to_rgb

DEFICIENCIES = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])


def _linear(rgb):
    rgb = np.asarray(rgb, dtype=np.float64)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _gamma(linear):
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate(colour, deficiency):
    """The sRGB colour (3,) that someone with `deficiency` sees for `colour` (any matplotlib colour); "normal" is
    the colour itself."""
    rgb = np.array(to_rgb(colour))
    return rgb if deficiency == "normal" else _gamma(DEFICIENCIES[deficiency] @ _linear(rgb))


def lab(rgb):
    """CIELAB (L*, a*, b*) of an sRGB colour (3,)."""
    xyz = SRGB_TO_XYZ @ _linear(rgb) / WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(colour_a, colour_b, deficiency="normal"):
    """ΔE between two colours as someone with `deficiency` sees them."""
    return float(np.linalg.norm(lab(simulate(colour_a, deficiency)) - lab(simulate(colour_b, deficiency))))
