"""The loaders' calling convention: ``as_of`` and ``path`` are keyword-only everywhere, so a
call can never confuse a cut-off date with a folder (issue 11: they came in both orders)."""

from __future__ import annotations

import inspect

import pytest

import forecasting.data as data

LOADERS = sorted(n for n in data.__all__ if n.startswith("load_") or n == "list_series")


@pytest.mark.parametrize("name", LOADERS)
def test_as_of_and_path_are_keyword_only(name):
    params = inspect.signature(getattr(data, name)).parameters
    for key in ("as_of", "path"):
        if key in params:
            assert params[key].kind is inspect.Parameter.KEYWORD_ONLY, (name, key)


def test_a_positional_cut_off_is_refused_with_the_parameter_names():
    with pytest.raises(TypeError, match="positional"):
        data.load_qinghai_output("2020-12-31")
