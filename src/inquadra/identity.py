"""Who is working: the hub user on a JupyterHub, else the name the student typed.

On a JupyterHub every single-user server runs with ``JUPYTERHUB_USER`` set to
the login name. That name, not what a student types, is the annotator: work is
saved and handed in under it, so a typed name cannot put work in a classmate's
files. The typed name stays a display name shown beside it.

Off a hub (a laptop, a school PC), the typed name is the annotator, as before.

``check_display_name`` refuses a typed name that claims another hub user (a
classmate's login name, or a name that differs from it only in capitals,
spacing or accents). The names to protect are the other users the caller
knows of, for example the course roster of the exchange.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .annotations.work import WorkError, check_student_name
from .errors import InquadraError
from .i18n import t

__all__ = [
    "ENV_USER",
    "Identity",
    "IdentityError",
    "annotator",
    "check_display_name",
    "current",
    "current_annotator",
    "hub_user",
    "require_annotator",
    "same_person",
]

ENV_USER = "JUPYTERHUB_USER"


class IdentityError(WorkError, InquadraError):
    """The hub user name or a typed display name cannot be used; the message says why."""


@dataclass(frozen=True)
class Identity:
    """The annotator work is saved under, and the name shown beside it.

    Attributes:
        annotator (str): the hub user on a hub, else the typed name.
        display_name (str | None): the typed name, when one is set.
        on_hub (bool): whether the annotator comes from ``JUPYTERHUB_USER``.
    """

    annotator: str
    display_name: str | None
    on_hub: bool

    @property
    def label(self) -> str:
        """``"Giulia R. (student07)"`` on a hub, the plain name otherwise."""
        if self.on_hub and self.display_name and same_person(self.display_name) != same_person(
            self.annotator
        ):
            return f"{self.display_name} ({self.annotator})"
        return self.annotator


def same_person(name: str) -> str:
    """A comparison key: capitals, spacing and how accents are encoded do not matter."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return " ".join(folded.split())


def hub_user(environ: Mapping[str, str] | None = None) -> str | None:
    """The JupyterHub user this server runs for, or None when not on a hub.

    Raises ``IdentityError`` when ``JUPYTERHUB_USER`` is set but is not a name
    the kit can save work under (empty after stripping, control characters,
    slashes, leading dot, too long).
    """
    env = os.environ if environ is None else environ
    value = env.get(ENV_USER)
    if value is None or not value.strip():
        return None
    try:
        return check_student_name(value)
    except WorkError as err:
        raise IdentityError(t("identity.bad_user", var=ENV_USER, value=repr(value),
                                reason=str(err))) from None


def annotator(display_name: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The name work is saved under: the hub user on a hub, else ``display_name``.

    Off a hub the typed name is checked like any student's name (``WorkError``
    when it cannot be used, for example when it is empty).
    """
    user = hub_user(environ)
    if user is not None:
        return user
    return check_student_name(display_name)


def check_display_name(
    display_name: str,
    others: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> str:
    """Return the checked display name, or refuse one that claims another hub user.

    Args:
        display_name: the name the student typed.
        others: login names of the other users (for example the course roster).
            The student's own hub name is always allowed.
        environ: the environment to read ``JUPYTERHUB_USER`` from (default
            ``os.environ``).

    Raises:
        IdentityError: on a hub, the name is another user's login name, or
            differs from it only in capitals, spacing or accents.
        WorkError: the name is not usable at all (empty, control characters…).
    """
    name = check_student_name(display_name)
    user = hub_user(environ)
    if user is None:
        return name
    mine = same_person(user)
    key = same_person(name)
    for other in others:
        if isinstance(other, str) and other.strip() and same_person(other) != mine:
            if same_person(other) == key:
                raise IdentityError(t("identity.claim", name=repr(name), other=repr(other),
                                      user=repr(user)))
    return name


def current(display_name: str | None = None, environ: Mapping[str, str] | None = None) -> Identity:
    """The identity for a display name (None when none was typed yet).

    On a hub the annotator is always known; off a hub it needs the typed name
    (``WorkError`` without one).
    """
    user = hub_user(environ)
    if user is not None:
        shown = None
        if display_name is not None and display_name.strip():
            shown = check_student_name(display_name)
        return Identity(user, shown, True)
    name = check_student_name(display_name)
    return Identity(name, name, False)


def current_annotator(environ: Mapping[str, str] | None = None) -> str | None:
    """The name widgets save under now: the hub user on a hub, else the stored student name.

    None when no name is set or it cannot be read, and on a hub whose
    ``JUPYTERHUB_USER`` is not a usable name (never the typed name there, which
    could be anyone's); a widget then keeps work in memory and says so.
    """
    from .annotations import work

    env = os.environ if environ is None else environ
    try:
        user = hub_user(env)
    except IdentityError:
        return None
    return user if user is not None else work.current_student()


def require_annotator(environ: Mapping[str, str] | None = None) -> str:
    """The name work is saved and handed in under now, as ``current_annotator``, but raising.

    ``IdentityError`` when no name is set off a hub, or when ``JUPYTERHUB_USER``
    is not a usable name (never the typed name instead).
    """
    from .annotations import work

    env = os.environ if environ is None else environ
    user = hub_user(env)
    if user is None:
        user = work.current_student()
    if user is None:
        raise IdentityError.keyed("identity.set_name_first")
    return user
