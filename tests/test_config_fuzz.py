"""Any config text yields a Config or a one-line ConfigError, never another exception."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchguard.config import Config, load_config
from launchguard.errors import ConfigError

KEYS = st.sampled_from(["exclude", "allow", "disable", "rules", "fail-on", "max-file-size", "x"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
    max_leaves=8,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(text=st.text(max_size=200) | st.dictionaries(KEYS, VALUES, max_size=4).map(yaml.safe_dump))
def test_config_never_crashes(text: str, tmp_path: Path) -> None:
    path = tmp_path / ".launchguard.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        config = load_config(path, tmp_path)
    except ConfigError as e:
        message = str(e)
    else:
        assert isinstance(config, Config)
        return
    assert "\n" not in message
    assert message.startswith(str(path))


@pytest.mark.parametrize("text", ["allow: [{value: 1}]", "rules: [1]", "fail-on: [x]"])
def test_wrong_types_are_config_errors(text: str, tmp_path: Path) -> None:
    path = tmp_path / ".launchguard.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        load_config(path, tmp_path)
