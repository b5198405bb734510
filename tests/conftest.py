"""Shared test helpers: where the repository and the shared corpus live."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# Property tests. "ci" (the default, what the README's test command runs): the same examples on
# every run (derandomize) and no shrinking, so a failure is reported at once and reproducibly
# instead of a flaky red or minutes of shrinking. "deep" (bench/fuzz.py): random seeds, many more
# examples, shrinking on, for a maintainer's long runs.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          phases=(Phase.explicit, Phase.reuse, Phase.generate),
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", derandomize=False, deadline=None, print_blob=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("DOCDIFF_HYPOTHESIS_PROFILE", "ci"))
# bench/fuzz.py multiplies every property test's examples by this
FUZZ_SCALE = max(1, int(os.environ.get("DOCDIFF_FUZZ_SCALE", "1")))


def examples(n: int) -> int:
    """A property test's number of examples: n in CI, n x DOCDIFF_FUZZ_SCALE in a deep fuzz run."""
    return n * FUZZ_SCALE

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a visible skip when that folder is absent (a plain clone)."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present: the shared corpus/eval folder sits beside the checkout only on "
                    "the project's machines")
    return p


# A short Council-style note the check tests derive their public versions from.
NOTE = textwrap.dedent("""\
    1. Scope

    The Council reviewed the situation at the external borders. Member States reported an increase
    in crossings during the spring.

    2. Assessment

    Smuggling networks moved to the eastern route after the new controls entered into force in March.
    The agency expects further shifts during the coming summer season.

    3. Conclusion

    Cooperation with partner countries remains essential.
    """)
SMUGGLING = "Smuggling networks moved to the eastern route after the new controls entered into force in March."
