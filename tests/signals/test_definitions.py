"""The definitions under every report say how figures are protected today: a
threshold and a small fixed deviation (cell-key perturbation), not rounding."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from signals.perturbation import Params


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_definitions_name_the_threshold_and_the_deviation(lang):
    with translation.override(lang):
        html = render_to_string(
            "signals/_definitions.html", {"params": Params().as_dict()}
        )
    assert "&lt;10" in html
    assert " 9 " in html
    assert " 2 " in html
    # Left-overs of the rounding scheme of before releases: empty placeholders.
    assert "veelvoud" not in html
    assert "multiple of" not in html
    assert " ." not in html
