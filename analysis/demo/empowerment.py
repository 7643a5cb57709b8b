"""Demo empowerment items (``emp_*``, Likert 1-5): a latent level per person, members gain.

SYNTHETIC (see :mod:`analysis.demo`). The random draws here run in the order
:func:`analysis.demo.generate_demo` makes them; changing that order changes every seed's data.
"""

from __future__ import annotations

import numpy as np

from analysis.demo.effects import PlantedEffects

EMPOWERMENT_ITEMS: tuple[str, ...] = (
    "decide_income",
    "decide_loan",
    "mobility",
    "purchase",
    "speak_meeting",
    "confidence",
    "own_savings",
)
# Level of each item relative to 3 on the latent scale (assumption): speaking at meetings and
# savings in one's own name start lowest.
_EMP_OFFSET = np.array([0.2, -0.2, 0.3, 0.0, -0.5, 0.0, -0.4])


def empowerment(
    rng: np.random.Generator, effects: PlantedEffects, years: list[int], is_member: np.ndarray
) -> dict[str, np.ndarray]:
    """Every ``emp_<item>`` answer, person by wave, before any is blanked or lost.

    Empowerment items: a latent level per person, item noise per wave, members gain.
    """
    n = len(is_member)
    n_w = len(years)
    latent = rng.normal(effects.member_emp_premium * is_member, 1.0, n)
    elapsed = (np.array(years) - years[0]).astype(np.float64)
    emp = {}
    gains = np.asarray(effects.emp_gain_per_year)
    for k, item in enumerate(EMPOWERMENT_ITEMS):
        score = (
            3.0
            + _EMP_OFFSET[k]
            + 0.8 * latent[:, None]
            + rng.normal(0.0, 0.6, (n, n_w))
            + (gains[k] * is_member[:, None] + effects.emp_common_per_year) * elapsed[None, :]
        )
        emp[f"emp_{item}"] = np.clip(np.rint(score), 1.0, 5.0)
    return emp
