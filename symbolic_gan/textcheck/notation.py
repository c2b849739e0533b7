"""Who is who in a derivation: the roles of names (data density, model density, discriminator…).

>>> role_of("P_{\\\\text{data}}"), role_of("p_g"), role_of("D^*_G")
('data', 'model', 'optimal-discriminator')
>>> role_of("p_r", {"p_r": "model"})
'model'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from symbolic_gan.errors import InvalidArgument

__all__ = ["ROLES", "canonical", "role_of", "validate_notation"]

#: The roles a name can play, with the names that play them by default.
ROLES: dict[str, tuple[str, ...]] = {
    "data": ("p", "p_data", "p_d", "p_r", "p_real", "p_x"),
    "model": ("q", "p_g", "p_theta", "p_model", "q_theta", "p_gen", "p_fake"),
    "discriminator": ("D", "y"),
    "optimal-discriminator": ("D^*", "D^*_G", "D_G^*", "y^*"),
    "generator": ("G", "G_theta"),
    "latent": ("p_z", "p_noise"),
    "mixture": ("m", "p_m", "M"),
    "variable": ("x",),
    "latent-variable": ("z",),
}
_CASE_SENSITIVE = {"D", "y", "G", "M", "m", "x", "z", "D^*", "D^*_G", "D_G^*", "y^*"}


def canonical(name: str) -> str:
    """``P_{\\text{data}}`` → ``p_data``: macros, braces and spaces removed, densities lower-cased.

    >>> canonical(r"P_{\\mathrm{data}}"), canonical(r"D^\\ast_G")
    ('p_data', 'D^*_G')
    """
    text = re.sub(r"\\(?:text|mathrm|operatorname|textrm|mathit|boldsymbol|mathbf)\b", "", name)
    text = text.replace(r"\ast", "*").replace(r"\star", "*").replace("\\", "")
    text = re.sub(r"[{}\s]", "", text)
    return text if text in _CASE_SENSITIVE else text.lower()


def validate_notation(notation: Mapping[str, str] | None) -> dict[str, str]:
    """Check a ``{name: role}`` mapping and return it with canonical names."""
    if notation is None:
        return {}
    if not isinstance(notation, Mapping):
        raise InvalidArgument.for_value("notation", notation, "must be a mapping name -> role")
    out = {}
    for name, role in notation.items():
        if not isinstance(name, str) or not isinstance(role, str) or role not in ROLES:
            raise InvalidArgument.for_value(
                "notation", {name: role}, f"role must be one of {sorted(ROLES)}")
        out[canonical(name)] = role
    return out


def role_of(name: str, notation: Mapping[str, str] | None = None) -> str | None:
    """The role of ``name`` (user notation first, then the defaults), or None."""
    key = canonical(name)
    if notation and key in notation:
        return notation[key]
    if notation:
        user = {canonical(k): v for k, v in notation.items()}
        if key in user:
            return user[key]
    for role, names in ROLES.items():
        if key in (canonical(n) for n in names):
            return role
    return None
