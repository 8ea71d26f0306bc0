"""Exact inverse CDFs in numpy, without scipy: the normal and the gamma quantile.

:func:`normal` is Wichura's algorithm AS241 (PPND16; Applied Statistics 37, 1988), accurate to
about 1e-16 relative.  :func:`gamma` inverts the regularised lower incomplete gamma function
P(a, x): a start from Wilson and Hilferty's cube-root normal approximation (shape above 1) or
from the small-x series (shape up to 1), then Halley steps on P (below the median) or on the
upper tail Q = 1 - P (above it, so a quantile near 1 keeps its relative accuracy), at most
:data:`STEPS` of them, to about 1e-12 relative (shapes above :data:`WH_ONLY`: the start
alone).  P and Q come from the series and the continued fraction of Numerical Recipes'
``gammp`` / ``gammq``.  Both loops are compiled (:mod:`._normal_jit`, :mod:`._gamma_jit`), one
uniform at a time.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["STEPS", "WH_ONLY", "gamma", "normal"]

#: the most Halley steps of the gamma quantile
STEPS = 40

#: the most terms of the series or the continued fraction (enough for shapes up to 1e6)
_TERMS = 20_000

#: above this shape (a coefficient of variation under 0.001, a nearly fixed duration) the gamma
#: quantile is Wilson and Hilferty's approximation alone: its relative error, falling as
#: a**-1.5, is about 3e-9 here for u in [0.001, 0.999] and below 1e-6 in the far tails (the
#: series would need more terms than :data:`_TERMS`)
WH_ONLY = 1e6

_A = (3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3,
      1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
      3.3430575583588128105e4, 2.5090809287301226727e3)
_B = (1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
      2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4,
      5.2264952788528545610e3)
_C = (1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
      3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
      2.27238449892691845833e-2, 7.74545014278341407640e-4)
_D = (1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
      1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
      1.05075007164441684324e-9)
_E = (6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
      2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
      2.71155556874348757815e-5, 2.01033439929228813265e-7)
_F = (1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
      7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
      2.04426310338993978564e-15)


def normal(u: np.ndarray | float) -> np.ndarray:
    """The standard normal quantile at ``u`` (``-inf`` at 0, ``inf`` at 1)."""
    p = np.asarray(u, dtype=float)
    from ._normal_jit import central, tails  # compiled, only the branch each uniform needs

    flat = np.ascontiguousarray(p.ravel())
    z, far = np.empty(len(flat)), np.empty(len(flat), dtype=np.int64)
    far = far[:central(flat, z, far)]
    if len(far):  # numpy's log (not the compiled one), elementwise: the tails' uniforms only
        pt = flat[far]
        with np.errstate(divide="ignore", invalid="ignore"):
            tail = np.sqrt(-np.log(np.minimum(pt, 1.0 - pt)))
        tails(z, far, pt, tail)
    return z.reshape(p.shape)


def gamma(a: float, u: np.ndarray | float) -> np.ndarray:
    """The quantile of the gamma distribution of shape ``a`` and scale 1 at ``u``."""
    from ._gamma_jit import gamma_quantiles  # compiled, each uniform in turn

    u = np.asarray(u, dtype=float)
    flat = u.ravel()
    z = normal(flat) if a > 1.0 else np.zeros_like(flat)  # the start above shape 1
    return gamma_quantiles(float(a), flat, z, math.lgamma(a), math.lgamma(a + 1.0), STEPS,
                           _TERMS, WH_ONLY).reshape(u.shape)
